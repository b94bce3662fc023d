//! The SVD export parses back (svd-parser) into the same peripherals, registers, arrays and
//! fields as the model, for every bundled SoC.

use socgen::model::Shape;
use std::path::Path;

#[test]
fn every_socs_svd_parses_back_to_the_model() {
    let checked = socgen::check(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs")]);
    let model = checked.model.expect("valid catalogue");
    for soc in &model.socs {
        let xml = socgen::emit::svd::generate(&model, soc)
            .unwrap_or_else(|e| panic!("{}: {e}", soc.name));
        let device = svd_parser::parse(&xml).unwrap_or_else(|e| panic!("{}: {e:?}", soc.name));
        assert_eq!(
            device.peripherals.len(),
            soc.instances.len(),
            "{}",
            soc.name
        );
        for inst in &soc.instances {
            let block = model.block_of(inst);
            let p = device
                .get_peripheral(&inst.name.to_ascii_uppercase())
                .unwrap_or_else(|| panic!("{}.{} missing", soc.name, inst.name));
            assert_eq!(p.base_address, inst.base, "{}.{}", soc.name, inst.name);
            for r in &block.registers {
                let name = match r.shape {
                    Shape::Single => r.name.clone(),
                    _ => format!("{}%s", r.name),
                };
                let reg = p
                    .get_register(&name)
                    .unwrap_or_else(|| panic!("{}.{}.{name}", soc.name, inst.name));
                assert_eq!(
                    reg.address_offset, r.offset,
                    "{}.{}.{}",
                    soc.name, inst.name, r.name
                );
                if let svd_rs::MaybeArray::Array(_, dim) = reg {
                    let (count, stride) = match &r.shape {
                        Shape::Array { count, stride } => (*count, *stride),
                        Shape::Dimensioned(d) => (inst.index_counts[d[0].0], d[0].1),
                        Shape::Single => unreachable!("single registers are not arrays"),
                    };
                    assert_eq!(
                        (dim.dim, dim.dim_increment),
                        (count, stride),
                        "{}.{}",
                        inst.name,
                        r.name
                    );
                }
                assert_eq!(
                    reg.properties.reset_value,
                    r.reset.map(u64::from),
                    "no invented reset values"
                );
                for f in &r.fields {
                    let sf = reg
                        .get_field(&f.name)
                        .unwrap_or_else(|| panic!("{}.{}", r.name, f.name));
                    assert_eq!(
                        (sf.bit_range.offset, sf.bit_range.width),
                        (f.lsb, f.width),
                        "{}.{}",
                        r.name,
                        f.name
                    );
                    let values: usize = sf.enumerated_values.iter().map(|e| e.values.len()).sum();
                    assert_eq!(values, f.values.len(), "{}.{}", r.name, f.name);
                }
            }
        }
    }
}
