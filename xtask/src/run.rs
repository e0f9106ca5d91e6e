//! Running commands with their output shown, failing with a clear message.

use std::ffi::OsStr;
use std::process::{Command, Stdio};

use crate::tools::ToolEnv;

/// Prints a step heading, so the log says what is happening and what failed.
pub fn step(what: &str) {
    println!("\n==> {what}");
}

/// A command run in the workspace root with inherited output.
pub struct Cmd {
    inner: Command,
    shown: String,
}

impl Cmd {
    pub fn new(program: &str) -> Self {
        let mut inner = Command::new(program);
        inner.current_dir(crate::root());
        Cmd {
            inner,
            shown: program.to_owned(),
        }
    }

    pub fn arg(mut self, arg: &str) -> Self {
        self.inner.arg(arg);
        self.shown.push(' ');
        self.shown.push_str(arg);
        self
    }

    pub fn args<'a>(mut self, args: impl IntoIterator<Item = &'a str>) -> Self {
        for a in args {
            self = self.arg(a);
        }
        self
    }

    /// Runs in `dir` instead of the workspace root.
    pub fn dir(mut self, dir: &std::path::Path) -> Self {
        self.inner.current_dir(dir);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.inner.env(key, value);
        self
    }

    /// Puts the pinned tools first on PATH.
    pub fn env_path(mut self, env: &ToolEnv) -> Self {
        self.inner.env("PATH", &env.path);
        self
    }

    /// Runs to completion; a non-zero exit is an error naming the command.
    pub fn run(mut self) -> Result<(), String> {
        let status = self
            .inner
            .stdin(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run `{}`: {e}", self.shown))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{}` failed ({status})", self.shown))
        }
    }

    /// Runs and returns stdout, or `None` when the program is missing or
    /// fails. For version probes.
    pub fn output(mut self) -> Option<String> {
        let out = self
            .inner
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}
