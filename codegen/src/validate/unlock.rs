//! The `unlock:` element of a lock section: graded and sourced (E0401, E0404), a register
//! exactly when the element accesses one (E0316), the scratchpad rules again for that register
//! (E0308, E0309, E0302, E0314), a read of a readable register (E0315), a write that leaves no
//! state the next transaction depends on (E0317), a value that fits (E0005).

use super::Validator;
use super::addresses::e0304_scratchpad_unaddressable;
use super::lock::{Scratchpad, address_mode, lock_client};
use super::soc::Blocks;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Access;
use crate::resolve;
use crate::source::{Loc, Sp};
use crate::syntax::{LockSpec, SocFile, UnlockAccessSpec, UnlockSpec};

impl Validator<'_> {
    /// `unlock:`: graded and sourced; a register exactly when the element accesses one; a read
    /// of a readable register; a write that leaves no state behind for the next transaction
    /// (E0317); an address the mode can express (E0304).
    pub(super) fn unlock(
        &mut self,
        s: &SocFile,
        l: &LockSpec,
        u: &Sp<UnlockSpec>,
        blocks: &Blocks<'_>,
    ) {
        let u = &u.value;
        let at = u.access.loc;
        let graded = (&u.grade, &u.reasoning);
        self.own_grade(graded, at, "the `unlock:` element", "grade: precedent");
        if u.source.as_ref().is_none_or(|s| s.value.trim().is_empty()) {
            self.push(e0401_unlock_without_source(at));
        }
        let Some(register) = self.unlock_register(u) else {
            return;
        };
        let Some(target) = self.register_ref(s, register, blocks) else {
            return;
        };
        let r = target.register;
        let access = resolve::access(r.access.value);
        match u.access.value {
            UnlockAccessSpec::Read if !access.readable() => {
                self.push(e0315_unlock_read_unreadable(
                    at,
                    &register.value,
                    r.access.loc,
                ));
            }
            UnlockAccessSpec::Write(value) => {
                if value > u64::from(u32::MAX) {
                    self.push(e0005_unlock_value_too_wide(at, value));
                }
                self.unlock_write_harmless(s, l, &target, register, at, blocks);
            }
            _ => {}
        }
        self.unlock_addressable(s, l, &target, register);
    }

    /// The register the element accesses: named for a read or a write (E0316), not for `none`.
    fn unlock_register<'u>(&mut self, u: &'u UnlockSpec) -> Option<&'u Sp<String>> {
        let at = u.access.loc;
        match (&u.access.value, &u.register) {
            (UnlockAccessSpec::None, Some(r)) => {
                self.push(e0316_unlock_register_unused(r));
                None
            }
            (UnlockAccessSpec::None, None) => None,
            (access, None) => {
                let kind = if *access == UnlockAccessSpec::Read {
                    "read"
                } else {
                    "{write: ..}"
                };
                self.push(e0316_unlock_register_missing(at, kind));
                None
            }
            (_, Some(r)) => Some(r),
        }
    }

    /// E0317: a write changes no state, because the register ignores writes or the client
    /// rewrites it before each start.
    fn unlock_write_harmless(
        &mut self,
        s: &SocFile,
        l: &LockSpec,
        target: &Scratchpad<'_>,
        register: &Sp<String>,
        at: Loc,
        blocks: &Blocks<'_>,
    ) {
        let r = target.register;
        let access = resolve::access(r.access.value);
        let ignored =
            access == Access::ReadOnly && r.write_ignored.as_ref().is_some_and(|w| w.value);
        let client = lock_client(s, l, blocks);
        let rewritten = client.filter(|c| c.0 == target.instance).map(|c| c.1);
        let harmless = rewritten
            .is_some_and(|shapes| shapes.rewritten_before_go.contains(&r.name.value.as_str()));
        if ignored || harmless {
            return;
        }
        let named = client.and_then(|(ci, shapes)| {
            let name = s.instances.get(ci)?.value.name.value.as_str();
            (!shapes.rewritten_before_go.is_empty()).then_some((name, shapes.rewritten_before_go))
        });
        self.push(e0317_unlock_write_changes_state(
            at,
            &register.value,
            named,
            r.name.loc,
        ));
    }

    /// E0304: the element's register has a command-element address in the lock's mode.
    fn unlock_addressable(
        &mut self,
        s: &SocFile,
        l: &LockSpec,
        target: &Scratchpad<'_>,
        register: &Sp<String>,
    ) {
        let (Some(mode), Some(bam)) = (
            address_mode(l),
            s.instances
                .iter()
                .find(|i| i.value.name.value == l.bam.value),
        ) else {
            return;
        };
        if let Some(inst) = s.instances.get(target.instance) {
            let addr = inst
                .value
                .base
                .value
                .saturating_add(target.register.offset.value);
            if let Err(why) = crate::model::encode_ce(mode, bam.value.base.value, addr) {
                self.push(e0304_scratchpad_unaddressable(
                    register,
                    mode,
                    &why,
                    l.address_mode.loc,
                ));
            }
        }
    }
}

fn e0401_unlock_without_source(access: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::GradeWithoutSource,
        access,
        "the `unlock:` element has no `source:`",
    )
    .label("which driver unlocks this way on hardware?")
    .help(
        "add `source:` to `unlock:`: the code that sends this UNLOCK (and, for a write, where the \
         value comes from), e.g. vendor qce50's `unlock_all_pipes`",
    )
}

fn e0316_unlock_register_missing(access: Loc, kind: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnlockRegisterMismatch,
        access,
        format!("`unlock:` with `access: {kind}` names no `register:`"),
    )
    .label("which register does the element access?")
    .help("add `register: instance.REGISTER`, e.g. `register: crypto.CONFIG`")
}

fn e0316_unlock_register_unused(register: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnlockRegisterMismatch,
        register.loc,
        format!(
            "`register: {}` with `access: none`: an UNLOCK without an element accesses no register",
            register.value
        ),
    )
    .label("never accessed")
    .help("remove `register:`, or choose `access: read` or `access: {write: VALUE}`")
}

fn e0315_unlock_read_unreadable(access: Loc, register: &str, declared: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::DummyReadUnreadable,
        access,
        format!("the UNLOCK element reads write-only register `{register}`"),
    )
    .label("cannot be read")
    .related(declared, "declared write-only here")
    .help("choose a readable register, or a write the client repeats before every operation")
}

fn e0005_unlock_value_too_wide(access: Loc, value: u64) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        access,
        format!("UNLOCK write value {value:#x} does not fit in 32 bits"),
    )
    .label("too wide")
    .help("write a 32-bit value, e.g. the register's reset value")
}

fn e0317_unlock_write_changes_state(
    access: Loc,
    register: &str,
    client: Option<(&str, &[&str])>,
    declared: Loc,
) -> Diagnostic {
    let why = match client {
        Some((name, rewritten)) => format!(
            "socgen's driver for `{name}` writes only {} again before each operation starts",
            rewritten
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "socgen has no driver for the locked pipe's client, so nothing says its next \
                 transaction writes this register again"
            .to_string(),
    };
    Diagnostic::new(
        Code::UnlockWriteChangesState,
        access,
        format!(
            "the UNLOCK element writes `{register}`, state the next transaction may depend on: \
             {why}"
        ),
    )
    .label("this write outlives the transaction")
    .related(declared, "the register is declared here")
    .help(
        "write a register the client's every transaction writes again before its operation \
         (for the crypto engine, `CONFIG` as vendor qce50 does), a read-only register declared \
         `write_ignored: true`, or use `access: read` / `access: none`",
    )
}
