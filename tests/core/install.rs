//! `scripts/install.sh`: installs the binary, icons and desktop entry under a prefix, again
//! without change (idempotent), and `--uninstall` removes exactly what it installed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install.sh")
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside");
                out.push(relative.display().to_string());
            }
        }
    }
    out.sort();
    out
}

fn run(args: &[&str]) -> String {
    let output = Command::new("bash")
        .arg(script())
        .args(args)
        .env_remove("XDG_DATA_HOME")
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}: {stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn install_is_idempotent_and_uninstall_removes_it_all() {
    let prefix = tempfile::tempdir().expect("temp dir");
    let prefix_arg = prefix.path().to_str().expect("utf-8 path");
    let binary = env!("CARGO_BIN_EXE_pizhu");
    run(&["--binary", binary, "--prefix", prefix_arg]);
    let installed = files(prefix.path());
    for expected in [
        "bin/pizhu",
        "share/applications/pizhu.desktop",
        "share/icons/hicolor/scalable/apps/pizhu.svg",
        "share/icons/hicolor/16x16/apps/pizhu.png",
        "share/icons/hicolor/48x48/apps/pizhu.png",
        "share/icons/hicolor/512x512/apps/pizhu.png",
    ] {
        assert!(
            installed.iter().any(|f| f == expected),
            "{expected}: {installed:?}"
        );
    }
    let desktop = std::fs::read_to_string(prefix.path().join("share/applications/pizhu.desktop"))
        .expect("desktop entry");
    let exec = format!("Exec=\"{prefix_arg}/bin/pizhu\" %f");
    assert!(desktop.lines().any(|l| l == exec), "{desktop}");
    assert!(desktop.contains("Icon=pizhu") && desktop.contains("StartupWMClass=pizhu"));

    // Again: the same files, no error.
    run(&["--binary", binary, "--prefix", prefix_arg]);
    assert_eq!(files(prefix.path()), installed);

    run(&["--uninstall", "--prefix", prefix_arg]);
    assert_eq!(files(prefix.path()), Vec::<String>::new(), "nothing left");
    // Uninstalling twice is fine.
    run(&["--uninstall", "--prefix", prefix_arg]);
}

#[test]
fn the_desktop_entry_and_icons_are_complete() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let desktop = std::fs::read_to_string(root.join("assets/pizhu.desktop")).expect("entry");
    for key in [
        "Type=Application",
        "Name=",
        "Exec=",
        "Icon=pizhu",
        "Categories=",
    ] {
        assert!(desktop.lines().any(|l| l.starts_with(key)), "{key}");
    }
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        let png = std::fs::read(root.join(format!("assets/icons/pizhu-{size}.png"))).expect("png");
        // PNG signature, then the IHDR's width and height.
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
        assert_eq!((width, height), (size, size));
    }
}
