//! What `sam build` produced in .aws-sam/build: for every function of infra/template.yaml, a
//! `bootstrap` executable for the architecture the template gives it, linked position-dependent
//! (CargoLambda.toml's release flags reached the build), with the template's runtime, handler and
//! environment, whose variables are ones shared/src/config/mod.rs reads. `make build` runs this right
//! after `sam build` with SAM_BUILD_REQUIRED=1; in `make test` it checks a build only if one is there.

use crate::common::{functions, functions_of, parse_template, root};
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;

const EXEC: u16 = 2; // ET_EXEC; a PIE is ET_DYN (3)
const X86_64: u16 = 0x3e;
const AARCH64: u16 = 0xb7;

#[test]
fn every_built_function_matches_its_template_resource() {
    let dir = root().join(".aws-sam/build");
    let required = std::env::var_os("SAM_BUILD_REQUIRED").is_some();
    let Ok(text) = std::fs::read_to_string(dir.join("template.yaml")) else {
        assert!(!required, "no .aws-sam/build/template.yaml: `sam build` did not run");
        eprintln!("skipped: no .aws-sam/build (run `make build`)");
        return;
    };
    let modified = |path: &std::path::Path| std::fs::metadata(path).and_then(|m| m.modified()).unwrap();
    if !required && modified(&dir.join("template.yaml")) < modified(&root().join("infra/template.yaml")) {
        eprintln!("skipped: .aws-sam/build is older than infra/template.yaml (run `make build` again)");
        return;
    }
    let built = functions_of(&parse_template(&text));
    let source = functions();
    assert_eq!(
        built.iter().map(|f| &f.logical_id).collect::<BTreeSet<_>>(),
        source.iter().map(|f| &f.logical_id).collect::<BTreeSet<_>>(),
        "the build holds every function of the template, and only those"
    );
    let variables: BTreeSet<&str> = cloudstore::config::VARIABLES.iter().copied().chain(["RUST_LOG"]).collect();
    for f in &source {
        let b = built.iter().find(|b| b.logical_id == f.logical_id).unwrap();
        let id = &f.logical_id;
        for property in ["Runtime", "Handler", "Architectures", "MemorySize", "Timeout", "FunctionName"] {
            assert_eq!(b.properties[property], f.properties[property], "{id}.{property}");
        }
        assert_eq!(b.environment, f.environment, "{id}: the environment");
        for name in b.environment.keys() {
            assert!(variables.contains(name.as_str()), "{id}: {name} is not read by shared/src/config/mod.rs");
        }

        let code = b.properties["CodeUri"].as_str().unwrap_or_else(|| panic!("{id}: no CodeUri in the built template"));
        let binary = dir.join(code).join(b.properties["Handler"].as_str().unwrap());
        let bytes = std::fs::read(&binary).unwrap_or_else(|e| panic!("{id}: {}: {e}", binary.display()));
        assert_eq!(&bytes[..5], b"\x7fELF\x02", "{id}: a 64-bit ELF file");
        let half = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        let machine = match f.architecture() {
            "x86_64" => X86_64,
            "arm64" => AARCH64,
            other => panic!("{id}: architecture {other}"),
        };
        assert_eq!(half(18), machine, "{id}: built for {}", f.architecture());
        assert_eq!(half(16), EXEC, "{id}: linked as a position-independent executable; CargoLambda.toml's flags did not apply");
        let mode = std::fs::metadata(&binary).unwrap().permissions().mode();
        assert!(mode & 0o111 != 0, "{id}: {} is not executable", binary.display());
    }
}
