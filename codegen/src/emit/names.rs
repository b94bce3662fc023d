//! How model names become names in generated code.

/// `P_EVNT_REG` -> `p_evnt_reg`.
pub fn snake(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// `P_EVNT_REG` -> `PEvntReg`, `AES128` -> `Aes128`, `v1.7.0` -> `V170`.
pub fn camel(name: &str) -> String {
    name.split(['_', '.', '-'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            match chars.next() {
                Some(first) => {
                    first.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
                }
                None => String::new(),
            }
        })
        .collect()
}

/// `P_EVNT_REG` -> `P_EVNT_REG` (constants keep the YAML spelling, upper-cased).
pub fn upper(name: &str) -> String {
    name.to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversions() {
        assert_eq!(snake("P_EVNT_REG"), "p_evnt_reg");
        assert_eq!(camel("P_EVNT_REG"), "PEvntReg");
        assert_eq!(camel("AES128"), "Aes128");
        assert_eq!(camel("cryptobam"), "Cryptobam");
        assert_eq!(upper("num_channels"), "NUM_CHANNELS");
    }
}
