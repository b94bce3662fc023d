//! The README's example is `examples/sm8550.rs`, verbatim (so it compiles and runs), and stays
//! under 30 lines.

#[test]
fn the_readme_example_is_the_compiled_example() {
    let readme = include_str!("../README.md");
    let example = include_str!("../examples/sm8550.rs");
    // The example file's first line is its own doc comment; the README shows the rest.
    let body = example.split_once('\n').expect("more than one line").1;
    assert!(
        readme.contains(body),
        "README.md and examples/sm8550.rs differ"
    );
    assert!(body.lines().count() < 30, "the example grew past 30 lines");
}
