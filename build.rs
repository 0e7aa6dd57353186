//! Embeds the bundled plan (`tasks/`) in the binary so `taskforce init` works anywhere.

use std::fmt::Write as _;
use std::path::Path;

fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("tasks/ is readable")
        .map(|e| e.expect("tasks/ entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "ron") {
            let rel = path.strip_prefix(root).expect("below tasks/");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tasks");
    println!("cargo:rerun-if-changed=tasks");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    let mut code = String::from(
        "/// The bundled plan: (path, bytes) of every file in tasks/.\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for f in &files {
        let abs = root.join(f);
        writeln!(
            code,
            "    ({f:?}, include_bytes!({:?})),",
            abs.to_string_lossy()
        )
        .expect("write");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("bundled.rs");
    std::fs::write(out, code).expect("write bundled.rs");
}
