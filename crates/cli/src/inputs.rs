//! Expanding command-line inputs into pages and loading their bytes.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One page to process, as named on the command line or found in a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file path.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// An http(s) URL.
    Url(String),
}

impl Input {
    /// The name written in the record's `source` field.
    pub fn source(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "-".to_owned(),
            Input::Url(url) => url.clone(),
        }
    }
}

/// A page's bytes and what is known about them.
pub struct Loaded {
    /// The raw body.
    pub bytes: Vec<u8>,
    /// The HTTP `Content-Type`, for URL inputs.
    pub content_type: Option<String>,
    /// The page's URL: the final URL for URL inputs.
    pub url: Option<String>,
}

/// Why an input could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// Reading a file or standard input failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The input is larger than `--max-input-bytes`.
    #[error("input is {}, over the limit of {limit} bytes", size_text(*.size, *.limit))]
    TooLarge {
        /// Its size in bytes, when known before reading (a regular file's);
        /// a stream is only read up to the limit.
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// Fetching a URL failed.
    #[error("{0}")]
    Fetch(String),
}

fn size_text(size: Option<u64>, limit: u64) -> String {
    match size {
        Some(size) => format!("{size} bytes"),
        None => format!("more than {limit} bytes"),
    }
}

impl LoadError {
    /// The `kind` of the error record.
    pub fn kind(&self) -> &'static str {
        match self {
            LoadError::Io(_) => "io",
            LoadError::TooLarge { .. } => "input_too_large",
            LoadError::Fetch(_) => "fetch",
        }
    }
}

/// Expands the command-line inputs: directories become their `*.html` and
/// `*.htm` files, recursively, in sorted order. A missing path stays a file
/// input, so that it fails with an error record of its own.
pub fn expand(raw: &[String]) -> Vec<Input> {
    if raw.is_empty() {
        return vec![Input::Stdin];
    }
    let mut inputs = Vec::new();
    for item in raw {
        if item == "-" {
            inputs.push(Input::Stdin);
        } else if is_url(item) {
            inputs.push(Input::Url(item.clone()));
        } else {
            let path = PathBuf::from(item);
            if path.is_dir() {
                let mut found = Vec::new();
                collect_html_files(&path, &mut found);
                found.sort();
                inputs.extend(found.into_iter().map(Input::File));
            } else {
                inputs.push(Input::File(path));
            }
        }
    }
    inputs
}

fn is_url(item: &str) -> bool {
    let lower = item.get(..8).unwrap_or(item).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn collect_html_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            collect_html_files(&path, found);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        {
            found.push(path);
        }
    }
}

/// Reads an input's bytes, refusing more than `limit` bytes without reading them all.
pub fn load(input: &Input, limit: u64) -> Result<Loaded, LoadError> {
    let bytes = match input {
        Input::File(path) => {
            let file = fs::File::open(path)?;
            let metadata = file.metadata()?;
            // A regular file too large is refused unread; devices, pipes and
            // `/proc` files report no useful size (`/dev/zero` says 0), so
            // every file is also read through the cap.
            if metadata.is_file() && metadata.len() > limit {
                return Err(LoadError::TooLarge {
                    size: Some(metadata.len()),
                    limit,
                });
            }
            read_capped(file, limit)?
        }
        Input::Stdin => read_capped(std::io::stdin().lock(), limit)?,
        Input::Url(url) => return crate::fetching::load_url(url, limit),
    };
    Ok(Loaded {
        bytes,
        content_type: None,
        url: None,
    })
}

/// All of `reader`, or `TooLarge` as soon as it yields more than `limit` bytes.
fn read_capped(reader: impl Read, limit: u64) -> Result<Vec<u8>, LoadError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge { size: None, limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_expand_sorted_and_recursive() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["b.html", "a.htm", "sub/c.HTML", "notes.txt"] {
            fs::write(dir.path().join(name), "<p>x</p>").unwrap();
        }
        let inputs = expand(&[
            dir.path().display().to_string(),
            "-".into(),
            "https://example.org/".into(),
        ]);
        let names: Vec<String> = inputs.iter().map(Input::source).collect();
        assert_eq!(names.len(), 5);
        assert!(names[0].ends_with("a.htm"));
        assert!(names[1].ends_with("b.html"));
        assert!(names[2].ends_with("sub/c.HTML"));
        assert_eq!(names[3], "-");
        assert_eq!(inputs[4], Input::Url("https://example.org/".into()));
    }

    #[test]
    fn oversized_files_are_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.html");
        fs::write(&path, vec![b'a'; 100]).unwrap();
        let err = load(&Input::File(path), 10).err().unwrap();
        assert!(matches!(
            err,
            LoadError::TooLarge {
                size: Some(100),
                limit: 10
            }
        ));
    }

    /// `/dev/zero` says it is empty and never ends: the cap stops it.
    #[cfg(unix)]
    #[test]
    fn endless_files_stop_at_the_limit() {
        let err = load(&Input::File("/dev/zero".into()), 1000).err().unwrap();
        assert!(matches!(
            err,
            LoadError::TooLarge {
                size: None,
                limit: 1000
            }
        ));
        assert_eq!(
            err.to_string(),
            "input is more than 1000 bytes, over the limit of 1000 bytes"
        );
    }
}
