//! Reading a backup the app wrote the way its format promises (docs/backup-format.md):
//! every file listed in `manifest.json` with a SHA-256 and size that match its content, and
//! nothing in the zip that the manifest does not list.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::fake_api::str_of;

/// The manifest and every listed file's content, by path; panics on any broken promise.
pub fn read_verified(path: &Path) -> (Value, BTreeMap<String, Vec<u8>>) {
    let mut zip = zip::ZipArchive::new(File::open(path).expect("open the backup"))
        .unwrap_or_else(|e| panic!("{} is not a zip: {e}", path.display()));
    let mut manifest = String::new();
    zip.by_name("manifest.json")
        .expect("the backup has a manifest.json")
        .read_to_string(&mut manifest)
        .unwrap();
    let manifest: Value = serde_json::from_str(&manifest).expect("manifest.json is JSON");
    assert_eq!(manifest["format"], "scriptix-desk-backup", "{manifest}");
    let mut files = BTreeMap::new();
    for listed in manifest["files"].as_array().expect("manifest lists files") {
        let name = str_of(listed, "path");
        let mut content = Vec::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} is listed but not in {}", path.display()))
            .read_to_end(&mut content)
            .unwrap();
        assert_eq!(
            hex::encode(Sha256::digest(&content)),
            str_of(listed, "sha256"),
            "{name} in {}: content does not match its SHA-256 in manifest.json",
            path.display()
        );
        assert_eq!(
            Some(content.len() as u64),
            listed["bytes"].as_u64(),
            "{name}"
        );
        files.insert(name.to_string(), content);
    }
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("a readable file name").into_owned())
        .collect();
    for name in names {
        assert!(
            name == "manifest.json" || name.ends_with('/') || files.contains_key(&name),
            "{name} is in {} but not listed in manifest.json",
            path.display()
        );
    }
    assert!(!files.is_empty(), "the backup lists no files");
    (manifest, files)
}
