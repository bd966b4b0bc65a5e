//! Building the web app: wasm32 release build, JS glue from `wasm-bindgen-cli-support` (no downloaded
//! binaries), content-hashed file names, Designsystemet CSS from npm, brotli and gzip variants of every file,
//! and a size report.

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::process::{cargo, is_ci, run_checked, workspace_root};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";

/// Build the web app into `frontend/dist` and return that path.
pub fn build() -> anyhow::Result<PathBuf> {
    build_into(None)
}

/// Build the web app into `out` (default `frontend/dist`) and return that path.
pub fn build_into(out: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let root = workspace_root();
    let frontend = root.join("frontend");
    ensure_wasm_target()?;
    ensure_npm_packages(&frontend)?;

    run_checked(
        &mut cargo(&["build", "--package", "legeting-frontend", "--profile", PROFILE, "--target", WASM_TARGET]),
        "the frontend build",
    )?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let wasm = target_dir.join(WASM_TARGET).join(PROFILE).join("legeting_frontend.wasm");

    // One glue directory per process, so two builds at once do not trip over each other.
    let glue_dir = target_dir.join(format!("wasm-bindgen-{}", std::process::id()));
    if glue_dir.exists() {
        fs::remove_dir_all(&glue_dir)?;
    }
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .out_name("legeting")
        .web(true)?
        .omit_default_module_path(true)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&glue_dir)
        .context("wasm-bindgen could not generate the JS glue")?;

    let dist = out.unwrap_or_else(|| frontend.join("dist"));
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("could not clear {}", dist.display()))?;
    }
    let pkg = dist.join("pkg");
    fs::create_dir_all(&pkg)?;

    // name in templates → hashed file name under /pkg/
    let mut names = BTreeMap::new();
    let design = frontend.join("node_modules/@digdir");
    let wasm_bytes = fs::read(glue_dir.join("legeting_bg.wasm"))?;
    let js_bytes = fs::read(glue_dir.join("legeting.js"))?;
    put_hashed(&pkg, &mut names, "legeting_bg.wasm", &wasm_bytes)?;
    put_hashed(&pkg, &mut names, "legeting.js", &js_bytes)?;
    put_hashed(
        &pkg,
        &mut names,
        "designsystemet.css",
        &fs::read(design.join("designsystemet-css/dist/src/index.css"))?,
    )?;
    put_hashed(&pkg, &mut names, "theme.css", &fs::read(design.join("designsystemet-theme/brand/digdir.css"))?)?;
    put_hashed(&pkg, &mut names, "app.css", &fs::read(frontend.join("static/app.css"))?)?;
    let boot = fill_template(&fs::read_to_string(frontend.join("static/boot.js"))?, &names)?;
    put_hashed(&pkg, &mut names, "boot.js", boot.as_bytes())?;
    let index = fill_template(&fs::read_to_string(frontend.join("index.html"))?, &names)?;
    fs::write(dist.join("index.html"), index)?;

    fs::remove_dir_all(&glue_dir)?;
    precompress_all(&dist)?;
    report_sizes(&pkg, &names)?;
    Ok(dist)
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).lines().any(|line| line.trim() == WASM_TARGET));
    match installed {
        Ok(true) => Ok(()),
        Ok(false) => run_checked(
            Command::new("rustup").args(["target", "add", WASM_TARGET]),
            "installing the wasm32 target (rustup target add)",
        ),
        Err(_) => bail!("rustup is not available; install the {WASM_TARGET} target for your Rust toolchain"),
    }
}

/// Install the npm packages from the lockfile when they are missing or the lockfile changed; always under CI.
fn ensure_npm_packages(frontend: &Path) -> anyhow::Result<()> {
    let lock = frontend.join("package-lock.json");
    let installed_marker = frontend.join("node_modules/.package-lock.json");
    let up_to_date = match (fs::metadata(&lock), fs::metadata(&installed_marker)) {
        (Ok(lock), Ok(marker)) => marker.modified()? >= lock.modified()?,
        _ => false,
    };
    if up_to_date && !is_ci() {
        return Ok(());
    }
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    run_checked(
        Command::new(npm).args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(frontend),
        "npm ci (Designsystemet CSS and axe-core; needs Node.js and npm)",
    )
}

/// Write `bytes` as `pkg/<stem>-<hash>.<ext>` and remember the name.
fn put_hashed(pkg: &Path, names: &mut BTreeMap<String, String>, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    let hash = format!("{:016x}", hasher.finish());
    let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
    let hashed = format!("{stem}-{}.{ext}", &hash[..12]);
    fs::write(pkg.join(&hashed), bytes)?;
    names.insert(name.to_owned(), hashed);
    Ok(())
}

/// Replace every `{{name}}` with its hashed file name; an unknown name is an error.
fn fill_template(template: &str, names: &BTreeMap<String, String>) -> anyhow::Result<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").context("unclosed {{ in a template")?;
        let key = &after[..end];
        let value = names.get(key).with_context(|| format!("unknown template name {{{{{key}}}}}"))?;
        out.push_str(value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn precompress_all(dir: &Path) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress_all(&path)?;
            continue;
        }
        let compressible =
            matches!(path.extension().and_then(|e| e.to_str()), Some("html" | "js" | "css" | "wasm" | "json" | "svg"));
        if compressible {
            let bytes = fs::read(&path)?;
            fs::write(append_extension(&path, "br"), brotli_bytes(&bytes)?)?;
            fs::write(append_extension(&path, "gz"), gzip_bytes(&bytes)?)?;
        }
    }
    Ok(())
}

fn append_extension(path: &Path, extension: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

fn brotli_bytes(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(bytes)?;
    }
    Ok(out)
}

fn gzip_bytes(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

fn report_sizes(pkg: &Path, names: &BTreeMap<String, String>) -> anyhow::Result<()> {
    println!("\nWeb app size (release):");
    println!("  {:<22} {:>10} {:>10} {:>10}", "file", "raw", "brotli", "gzip");
    let mut total = (0, 0, 0);
    for name in ["legeting_bg.wasm", "legeting.js", "designsystemet.css", "theme.css", "app.css", "boot.js"] {
        let file = pkg.join(&names[name]);
        let raw = fs::metadata(&file)?.len();
        let br = fs::metadata(append_extension(&file, "br"))?.len();
        let gz = fs::metadata(append_extension(&file, "gz"))?.len();
        total = (total.0 + raw, total.1 + br, total.2 + gz);
        println!("  {name:<22} {:>10} {:>10} {:>10}", kb(raw), kb(br), kb(gz));
    }
    println!("  {:<22} {:>10} {:>10} {:>10}\n", "total", kb(total.0), kb(total.1), kb(total.2));
    Ok(())
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_get_hashed_names_and_reject_unknown_ones() {
        let mut names = BTreeMap::new();
        names.insert("app.css".to_owned(), "app-abc.css".to_owned());
        assert_eq!(
            fill_template("<link href=\"/pkg/{{app.css}}\">", &names).ok(),
            Some("<link href=\"/pkg/app-abc.css\">".to_owned())
        );
        assert!(fill_template("{{nope.css}}", &names).is_err());
    }
}
