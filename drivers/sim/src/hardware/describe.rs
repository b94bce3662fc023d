//! How a hardware variant is named: each switch's values in words, and the switches that
//! differ from what socgen believes.

use super::{
    CONFIG, CeAddressDecode, DumpStatus, EmptyCommand, Hardware, LockExclusion, LockOnRead,
    NwdWaits, PipeReset, ScratchpadWrite, UnlockOnRead, UnlockTiming, UnlockWithoutLock,
};
use std::string::String;

impl Hardware {
    /// A short, stable description listing only the switches that differ from `BELIEVED`
    /// (`"lock-on-read=ignored, unlock=before"`), or `"believed"`.
    pub fn describe(&self) -> String {
        let b = Hardware::BELIEVED;
        let switches: [(bool, &str, String); 11] = [
            (
                self.lock_on_read != b.lock_on_read,
                "lock-on-read",
                self.lock_on_read.word().into(),
            ),
            (
                self.unlock_on_read != b.unlock_on_read,
                "unlock-on-read",
                self.unlock_on_read.word().into(),
            ),
            (
                self.unlock_timing != b.unlock_timing,
                "unlock",
                self.unlock_timing.word().into(),
            ),
            (self.nwd != b.nwd, "nwd", self.nwd.word().into()),
            (
                self.pipe_reset != b.pipe_reset,
                "pipe-reset",
                self.pipe_reset.word().into(),
            ),
            (
                self.exclusion != b.exclusion,
                "exclusion",
                self.exclusion.word().into(),
            ),
            (
                self.scratchpad_write != b.scratchpad_write,
                "scratchpad",
                self.scratchpad_write.word(),
            ),
            (
                self.ce_address != b.ce_address,
                "ce-address",
                self.ce_address.word().into(),
            ),
            (
                self.empty_command != b.empty_command,
                "empty-command",
                self.empty_command.word().into(),
            ),
            (
                self.unlock_without_lock != b.unlock_without_lock,
                "unlock-without-lock",
                self.unlock_without_lock.word().into(),
            ),
            (
                self.dump_status != b.dump_status,
                "dump-status",
                self.dump_status.word().into(),
            ),
        ];
        let parts: Vec<String> = switches
            .into_iter()
            .filter(|(differs, _, _)| *differs)
            .map(|(_, key, value)| format!("{key}={value}"))
            .collect();
        if parts.is_empty() {
            "believed".into()
        } else {
            parts.join(", ")
        }
    }
}

impl LockOnRead {
    fn word(self) -> &'static str {
        match self {
            LockOnRead::Honoured => "honoured",
            LockOnRead::Ignored => "ignored",
        }
    }
}

impl UnlockOnRead {
    fn word(self) -> &'static str {
        match self {
            UnlockOnRead::Honoured => "honoured",
            UnlockOnRead::Ignored => "ignored",
        }
    }
}

impl UnlockTiming {
    fn word(self) -> &'static str {
        match self {
            UnlockTiming::AfterDescriptor => "after",
            UnlockTiming::BeforeDescriptor => "before",
        }
    }
}

impl NwdWaits {
    fn word(self) -> &'static str {
        match self {
            NwdWaits::ForDescriptorData => "descriptor-data",
            NwdWaits::ForOperationEnd => "operation-end",
        }
    }
}

impl PipeReset {
    fn word(self) -> &'static str {
        match self {
            PipeReset::ReleasesLock => "releases-lock",
            PipeReset::KeepsLock => "keeps-lock",
        }
    }
}

impl LockExclusion {
    fn word(self) -> &'static str {
        match self {
            LockExclusion::ByLockGroup => "by-group",
            LockExclusion::ByEe => "by-ee",
        }
    }
}

impl ScratchpadWrite {
    fn word(self) -> String {
        match self {
            ScratchpadWrite::Ignored => "ignored".into(),
            ScratchpadWrite::BusError => "bus-error".into(),
            ScratchpadWrite::LandsIn(CONFIG) => "lands-in-config".into(),
            ScratchpadWrite::LandsIn(offset) => format!("lands-in-{offset:#x}"),
        }
    }
}

impl CeAddressDecode {
    fn word(self) -> &'static str {
        match self {
            CeAddressDecode::WrapperOffset18 => "wrapper18",
            CeAddressDecode::Full24 => "full24",
        }
    }
}

impl EmptyCommand {
    fn word(self) -> &'static str {
        match self {
            EmptyCommand::Honoured => "honoured",
            EmptyCommand::Ignored => "ignored",
            EmptyCommand::Error => "error",
        }
    }
}

impl UnlockWithoutLock {
    fn word(self) -> &'static str {
        match self {
            UnlockWithoutLock::Ignored => "ignored",
            UnlockWithoutLock::Error => "error",
            UnlockWithoutLock::ReleasesGroup => "releases-group",
        }
    }
}

impl DumpStatus {
    fn word(self) -> &'static str {
        match self {
            DumpStatus::Complete => "complete",
            DumpStatus::WithoutOperationDone => "without-done",
        }
    }
}
