// VERSION.MAJOR is read-only: its value type has no setter.
use socgen_tests::fixture::blocks::tiny::v1::Version;

fn main() {
    let _ = Version::ZERO.with_major::<1>();
}
