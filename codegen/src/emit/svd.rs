//! SVD export (svd-rs + svd-encoder): one device per SoC, a peripheral per instance.
//!
//! Arrays and per-pipe/per-EE registers become SVD `dim` arrays (`P_CTRL%s`, the instance's
//! index count, the stride as `dimIncrement`); registers with several indices are expanded.
//! Unknown reset values stay absent: SVD defaults are not used to invent them.

use crate::model::{Access, Block, Instance, Model, Register, Shape, Soc};
use svd_rs::{
    AddressBlock, AddressBlockUsage, BitRange, Device, DimElement, EnumeratedValue,
    EnumeratedValues, Field, FieldInfo, ModifiedWriteValues, Peripheral, PeripheralInfo,
    RegisterCluster, RegisterInfo, RegisterProperties, ValidateLevel,
};

fn access(a: Access) -> svd_rs::Access {
    match a {
        Access::ReadOnly => svd_rs::Access::ReadOnly,
        Access::WriteOnly => svd_rs::Access::WriteOnly,
        Access::ReadWrite | Access::W1c | Access::Unknown => svd_rs::Access::ReadWrite,
    }
}

fn description(text: &str, fallback: &str) -> Option<String> {
    Some(if text.is_empty() {
        fallback.to_string()
    } else {
        text.to_string()
    })
}

fn fields(r: &Register) -> Result<Vec<Field>, String> {
    r.fields
        .iter()
        .map(|f| {
            let values = (!f.values.is_empty()).then(|| {
                f.values
                    .iter()
                    .map(|v| {
                        EnumeratedValue::builder()
                            .name(v.name.clone())
                            .description(description(&v.description, &v.name))
                            .value(Some(u64::from(v.value)))
                            .build(ValidateLevel::Strict)
                    })
                    .collect::<Result<Vec<_>, _>>()
            });
            let enumerated = match values {
                Some(v) => vec![
                    EnumeratedValues::builder()
                        .values(v.map_err(|e| e.to_string())?)
                        .build(ValidateLevel::Strict)
                        .map_err(|e| e.to_string())?,
                ],
                None => Vec::new(),
            };
            let info = FieldInfo::builder()
                .name(f.name.clone())
                .description(description(&f.description, &f.name))
                .bit_range(BitRange::from_offset_width(f.lsb, f.width))
                .access(Some(access(f.access)))
                .modified_write_values(
                    (f.access == Access::W1c).then_some(ModifiedWriteValues::OneToClear),
                )
                .enumerated_values(enumerated)
                .build(ValidateLevel::Strict)
                .map_err(|e| format!("{}.{}: {e}", r.name, f.name))?;
            Ok(Field::Single(info))
        })
        .collect()
}

fn register(
    r: &Register,
    name: String,
    offset: u32,
    dim: Option<(u32, u32)>,
) -> Result<RegisterCluster, String> {
    let mut info = RegisterInfo::builder()
        .name(name)
        .description(description(&r.description, &r.name))
        .address_offset(offset)
        .properties(RegisterProperties::new().size(Some(32)))
        .access(Some(access(r.access)))
        .reset_value(r.reset.map(u64::from))
        .reset_mask(r.reset.map(|_| 0xffff_ffff))
        .modified_write_values(
            (r.access == Access::W1c).then_some(ModifiedWriteValues::OneToClear),
        );
    let fields = fields(r)?;
    if !fields.is_empty() {
        info = info.fields(Some(fields));
    }
    let info = info
        .build(ValidateLevel::Strict)
        .map_err(|e| format!("{}: {e}", r.name))?;
    let reg = match dim {
        None => info.single(),
        Some((count, stride)) => info.array(
            DimElement::builder()
                .dim(count)
                .dim_increment(stride)
                .build(ValidateLevel::Strict)
                .map_err(|e| format!("{}: {e}", r.name))?,
        ),
    };
    Ok(RegisterCluster::Register(reg))
}

fn registers(block: &Block, inst: &Instance) -> Result<Vec<RegisterCluster>, String> {
    let mut out = Vec::new();
    for r in &block.registers {
        match &r.shape {
            Shape::Single => out.push(register(r, r.name.clone(), r.offset, None)?),
            Shape::Array { count, stride } => out.push(register(
                r,
                format!("{}%s", r.name),
                r.offset,
                Some((*count, *stride)),
            )?),
            Shape::Dimensioned(dims) if dims.len() == 1 => {
                let (pos, stride) = dims[0];
                let count = inst.index_counts.get(pos).copied().unwrap_or(1).max(1);
                out.push(register(
                    r,
                    format!("{}%s", r.name),
                    r.offset,
                    Some((count, stride)),
                )?)
            }
            Shape::Dimensioned(dims) => {
                // SVD arrays have one index: expand every combination.
                let mut copies = vec![(r.offset, r.name.clone())];
                for (pos, stride) in dims {
                    let count = inst.index_counts.get(*pos).copied().unwrap_or(1).max(1);
                    copies = copies
                        .into_iter()
                        .flat_map(|(off, name)| {
                            (0..count).map(move |i| (off + i * stride, format!("{name}_{i}")))
                        })
                        .collect();
                }
                for (off, name) in copies {
                    out.push(register(r, name, off, None)?);
                }
            }
        }
    }
    Ok(out)
}

/// The SVD device of one SoC, or what could not be expressed.
pub fn device(model: &Model, soc: &Soc) -> Result<Device, String> {
    let mut peripherals = Vec::new();
    for inst in &soc.instances {
        let block = model.block_of(inst);
        let info = PeripheralInfo::builder()
            .name(inst.name.to_ascii_uppercase())
            .description(description(&block.description, &block.id()))
            .group_name(Some(block.name.to_ascii_uppercase()))
            .base_address(inst.base)
            .address_block(Some(vec![
                AddressBlock::builder()
                    .offset(0)
                    .size(
                        u32::try_from(inst.size)
                            .map_err(|_| format!("{}: size above 4 GiB", inst.name))?,
                    )
                    .usage(AddressBlockUsage::Registers)
                    .build(ValidateLevel::Strict)
                    .map_err(|e| format!("{}: {e}", inst.name))?,
            ]))
            .registers(Some(registers(block, inst)?))
            .build(ValidateLevel::Strict)
            .map_err(|e| format!("{}: {e}", inst.name))?;
        peripherals.push(Peripheral::Single(info));
    }
    Device::builder()
        .name(soc.name.to_ascii_uppercase())
        .version("1.0".to_string())
        .description(soc.description.clone())
        .address_unit_bits(8)
        .width(32)
        .default_register_properties(RegisterProperties::new().size(Some(32)))
        .peripherals(peripherals)
        .build(ValidateLevel::Strict)
        .map_err(|e| e.to_string())
}

/// The SVD XML of one SoC.
pub fn generate(model: &Model, soc: &Soc) -> Result<String, String> {
    let device = device(model, soc)?;
    svd_encoder::encode(&device).map_err(|e| e.to_string())
}
