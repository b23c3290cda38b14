//! Durable crawl output: each record lands in the output exactly once,
//! across kills and resumes.
//!
//! A local crawl journals: just before a batch of pages commits, the crawl
//! writes their records here, flushes, and the batch commits to the state
//! file together with the output's new length (see
//! [`riptide_core::FinishNoting`]); the state keeps the records empty. A
//! crawl that records into a shared database, or names `--output-dir` files
//! by the records' sequence numbers, keeps them in the state instead; this
//! writer then copies committed records in sequence order, flushes, and only
//! then stores how far it got (last sequence number, byte length of the
//! output, records written) as one value in the state.
//!
//! Either way, after a kill the output is cut back to the stored length: a
//! record half-written, or written but never committed, is written again
//! once (its page is fetched again in the first case), never twice.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use riptide_core::{CrawlStore, Document};
use riptide_crawl::{CrawlRecord, PageOutcome, RecordJournal};
use serde_json::value::RawValue;

use crate::args::Format;
use crate::output::{Fields, Outcome, Record, RecordWriter};

/// The state key holding "target cursor offset written": `cursor` is the
/// last stored record copied out, `offset` the output's length after the
/// last record the state knows to be written.
const CURSOR_KEY: &str = "output.cursor";

/// Records copied per batch (and acknowledged together). Small enough that a
/// backlog costs little memory: a batch is held in memory as stored, plus a
/// copy of the one record being written.
const BATCH: usize = 64;

/// Output buffer size: records run to several KiB, past `BufWriter`'s
/// default 8 KiB, so that most would go out in a write call of their own.
const OUTPUT_BUFFER: usize = 64 * 1024;

enum Target {
    File(File),
    Stdout(io::Stdout),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::File(f) => f.write(buf),
            Target::Stdout(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::File(f) => f.flush(),
            Target::Stdout(s) => s.flush(),
        }
    }
}

/// Copies committed records from the state to the output.
pub struct DurableOutput<'s, S> {
    store: &'s S,
    writer: RecordWriter<BufWriter<Target>>,
    target_name: String,
    cursor: i64,
    markdown_dir: Option<PathBuf>,
    /// Records copied by this process, and how many of them are failures.
    pub copied: u64,
}

impl<'s, S: CrawlStore> DurableOutput<'s, S> {
    /// Opens the output, cutting a file back to the last acknowledged length.
    pub fn open(
        store: &'s S,
        path: Option<&Path>,
        format: Format,
        markdown_dir: Option<&Path>,
    ) -> anyhow::Result<Self> {
        let target_name = path.map_or_else(|| "-".to_owned(), |p| p.display().to_string());
        let (cursor, offset, written) = match store.meta(CURSOR_KEY)? {
            Some(value) => parse_cursor(&value, &target_name).unwrap_or((0, 0, 0)),
            None => (0, 0, 0),
        };
        let target = match path {
            Some(path) => {
                let mut file = OpenOptions::new()
                    .create(true)
                    .write(true)
                    .truncate(false)
                    .open(path)
                    .with_context(|| format!("opening {}", path.display()))?;
                file.set_len(offset)
                    .with_context(|| format!("truncating {}", path.display()))?;
                file.seek(SeekFrom::End(0))?;
                Target::File(file)
            }
            None => Target::Stdout(io::stdout()),
        };
        let out = BufWriter::with_capacity(OUTPUT_BUFFER, target);
        let writer = if offset == 0 {
            RecordWriter::new(out, format)?
        } else {
            RecordWriter::resume(out, format, written)
        };
        if let Some(dir) = markdown_dir {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        Ok(Self {
            store,
            writer,
            target_name,
            cursor,
            markdown_dir: markdown_dir.map(Path::to_path_buf),
            copied: 0,
        })
    }

    /// Copies every record committed so far; returns how many.
    pub fn drain(&mut self) -> anyhow::Result<usize> {
        let mut total = 0;
        loop {
            let batch = self.store.records_after(self.cursor, BATCH)?;
            if batch.is_empty() {
                return Ok(total);
            }
            for stored in &batch {
                let record = parse(&stored.record)?;
                self.write_markdown(stored.seq, &record)?;
                self.write(record, |json| Outcome::ExtractedJson(json.to_owned()))?;
                self.cursor = stored.seq;
            }
            total += batch.len();
            let value = self.flush()?;
            self.store.set_meta(CURSOR_KEY, &value)?;
        }
    }

    /// Writes one crawl record to the output.
    fn write<D>(
        &mut self,
        record: CrawlRecord<D>,
        document: impl FnOnce(D) -> Outcome,
    ) -> anyhow::Result<()> {
        let (output, fields) = to_output(record, document);
        self.writer.write_with(&output, &fields)?;
        self.copied += 1;
        Ok(())
    }

    /// Flushes the output; returns the cursor value that says how far it got.
    fn flush(&mut self) -> anyhow::Result<String> {
        self.writer.flush().context("writing output")?;
        let offset = match self.writer.get_mut().get_mut() {
            Target::File(file) => file.stream_position()?,
            Target::Stdout(_) => 0,
        };
        Ok(format!(
            "{}\t{}\t{}\t{}",
            self.target_name,
            self.cursor,
            offset,
            self.writer.written()
        ))
    }

    /// Copies what is left and closes the output (a JSON array gets its `]`).
    pub fn finish(mut self) -> anyhow::Result<u64> {
        self.drain()?;
        self.writer.finish().context("writing output")?;
        Ok(self.copied)
    }

    fn write_markdown(&self, seq: i64, record: &CrawlRecord<&RawValue>) -> anyhow::Result<()> {
        let (Some(dir), PageOutcome::Extracted(json)) = (&self.markdown_dir, &record.outcome)
        else {
            return Ok(());
        };
        let doc: Document = serde_json::from_str(json.get()).context("reading a stored record")?;
        let path = dir.join(format!("{seq:06}-{}.md", slug(&record.url)));
        let mut text = String::new();
        if let Some(title) = &doc.title {
            text.push_str(&format!("# {title}\n\n"));
        }
        text.push_str(&format!("<{}>\n\n", record.url));
        text.push_str(&doc.markdown);
        text.push('\n');
        // Same sequence number, same name: a resumed crawl overwrites, never duplicates.
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
    }
}

/// Written by the crawl itself (`--output-dir` aside), just before each
/// batch of pages commits with the cursor this returns: see
/// [`riptide_core::FinishNoting`].
impl<S: CrawlStore> RecordJournal for DurableOutput<'_, S> {
    fn append(
        &mut self,
        records: Vec<CrawlRecord>,
    ) -> Result<(String, String), Box<dyn std::error::Error + Send + Sync>> {
        for record in records {
            self.write(record, Outcome::Extracted)?;
        }
        Ok((CURSOR_KEY.to_owned(), self.flush()?))
    }
}

/// A serialised crawl record; the document stays JSON, which the JSON
/// formats write through.
fn parse(record: &str) -> anyhow::Result<CrawlRecord<&RawValue>> {
    serde_json::from_str(record).context("reading a crawl record")
}

fn parse_cursor(value: &str, target: &str) -> Option<(i64, u64, usize)> {
    let mut parts = value.split('\t');
    if parts.next()? != target {
        return None;
    }
    Some((
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    ))
}

/// A crawl record as an extract record plus the page fields; `document`
/// makes the outcome of an extracted page.
fn to_output<D>(record: CrawlRecord<D>, document: impl FnOnce(D) -> Outcome) -> (Record, Fields) {
    let mut fields = Fields::new();
    fields.insert("status".into(), record.status.into());
    fields.insert("content_type".into(), record.content_type.into());
    fields.insert("fetched_at".into(), record.fetched_at.into());
    fields.insert("depth".into(), record.depth.into());
    fields.insert("referrer".into(), record.referrer.into());
    if let Some(final_url) = record.final_url {
        fields.insert("final_url".into(), final_url.into());
    }
    let outcome = match record.outcome {
        PageOutcome::Extracted(doc) => document(doc),
        PageOutcome::Recorded => Outcome::Recorded,
        PageOutcome::Failed { kind, message } => Outcome::Failed { kind, message },
    };
    (
        Record {
            source: record.url,
            outcome,
        },
        fields,
    )
}

/// A file-name-safe rendering of a URL's host and path, at most 80 characters.
fn slug(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let mut slug: String = rest
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    slug.truncate(80);
    slug.trim_end_matches('_').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("https://e.com/a/b?x=1"), "e.com_a_b_x_1");
        assert_eq!(slug("http://e.com/"), "e.com");
        assert!(slug(&format!("http://e.com/{}", "y".repeat(200))).len() <= 80);
    }

    #[test]
    fn cursors_belong_to_their_target() {
        assert_eq!(
            parse_cursor("out.jsonl\t5\t100\t5", "out.jsonl"),
            Some((5, 100, 5))
        );
        assert_eq!(parse_cursor("out.jsonl\t5\t100\t5", "other.jsonl"), None);
    }
}
