//! What reading an input skipped, degraded or assumed: a stable code for programs (JSON
//! `inputs[].warnings[].code`, see docs/json-output.md) and a sentence for people. Programs
//! that act on warnings (explain's advice, a pipeline that retries with `--tz`) match the code,
//! never the wording.

use std::fmt;

/// One warning on an input.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub code: Code,
    pub message: String,
}

impl Warning {
    pub fn new(code: Code, message: impl Into<String>) -> Warning {
        Warning { code, message: message.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Code {
    /// Does a warning of this kind mean that part of the input was not read? Then the input is
    /// not complete, and no verdict of absence rests on it. (A text in no known format, a
    /// pasted dialog, was still searched line by line, whole: it is complete.)
    pub fn loses_data(self) -> bool {
        matches!(
            self,
            Code::Unreadable
                | Code::Binary
                | Code::UnsupportedArchive
                | Code::ArchiveBytes
                | Code::ArchiveDepth
                | Code::ArchiveMembers
                | Code::LongLine
                | Code::ReadStopped
                | Code::InputBounded
                | Code::CsvResync
                | Code::NulText
                | Code::DocumentRecords
                | Code::LinkOutside
                | Code::MailAttachments
        )
    }
}

/// The kinds of warning. New ones may come; a program should treat an unknown code as a
/// warning it can only show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// The input could not be opened or read at all (it counts as absent).
    Unreadable,
    /// A binary file: skipped.
    Binary,
    /// An archive kind kbdiag does not open (7-Zip, RAR): extract it.
    UnsupportedArchive,
    /// `--max-archive-bytes` reached: the member and the rest of the archive skipped.
    ArchiveBytes,
    /// `--max-archive-depth` reached: a nested archive skipped.
    ArchiveDepth,
    /// `--max-archive-members` reached: the rest of the archive skipped.
    ArchiveMembers,
    /// An archive with no file in it.
    EmptyArchive,
    /// An archive member with no log content of its own (a link whose target is not in the
    /// archive, a device, a FIFO): listed, not read.
    MemberSkipped,
    /// The same file reached twice (a link, a folder and a file in it): read once.
    ReadOnce,
    /// The file name is not valid UTF-8.
    NameNotUtf8,
    /// Named like compressed data (`.gz` ...) but plain: read as text.
    NotCompressed,
    /// UTF-16 text, converted (or only its start, when very large).
    Utf16,
    /// Not UTF-8 but an 8-bit Windows code page: read as Windows-1252 and converted.
    LegacyEncoding,
    /// Lines ended by a carriage return alone (classic Mac OS, some network devices): read
    /// as line ends.
    CrLineEnds,
    /// Pretty-printed JSON records (an array, or objects over several lines): read as one
    /// record per line, each on the line it starts on.
    PrettyJson,
    /// A Kubernetes container log (CRI): each line's message read after its time, the stream
    /// and tag columns dropped, the parts of a long line joined.
    CriLog,
    /// A .NET console logger's output: each record's first message line joined to its header.
    ConsoleLog,
    /// A terminal's colour sequences on a quarter of the first lines or more: read without them.
    AnsiCodes,
    /// NUL bytes near the start: read as text anyway.
    NulBytes,
    /// Times written without a year: the year was inferred (and from what).
    YearInferred,
    /// Numeric dates (`6/10/2024`) read month first, or read day first although the file
    /// writes them both ways: which, and why.
    DateOrder,
    /// The name fits a format whose lines the file does not have: read as generic text.
    NameFormatMismatch,
    /// `--param` gave a line layout, and this file looks like that program's log but none of
    /// its first lines fits the layout: read as generic text.
    ParamMismatch,
    /// `--as` named a format none of the file's first lines fits.
    AsFormatMismatch,
    /// The role was taken from the content, the name saying none.
    RoleFromContent,
    /// The role is unknown while loaded rules read this format only in given roles.
    NoRole,
    /// A line longer than the longest searched: only its start was searched.
    LongLine,
    /// Reading stopped early (a read error, truncated compressed data, a cancelled run).
    ReadStopped,
    /// An empty file.
    Empty,
    /// No longer given: every event is kept and judged (kept so that programs that match it
    /// still compile).
    EventsCapped,
    /// An endless or device input (`/dev/urandom`, a pipe that never ends) read up to a bound.
    InputBounded,
    /// Lines of a CSV log that are part of no readable record (the file starts inside a quoted
    /// field, a record is cut or malformed): skipped up to the next line that starts a record.
    CsvResync,
    /// Lines with a NUL byte after each character (UTF-16 text inside a file read as bytes):
    /// not searchable as text.
    NulText,
    /// A log's last line has no line end (copied while it was written): it may be cut, and is
    /// not mined into the unexplained templates.
    CutLastLine,
    /// Matching lines that start like a record but have no readable time.
    Untimed,
    /// Lines that name a symptom's text in a sentence that denies it ("we do not see ...") or
    /// says where to look for it (a pasted ticket or article): not counted as evidence.
    NotStated,
    /// Times without a zone, read in the assumed zone (`--tz` says which).
    ZoneAssumed,
    /// Local times that a DST change makes ambiguous or skips.
    DstAmbiguous,
    /// Times going backwards within the file.
    TimeBackwards,
    /// Matching lines with invalid UTF-8 (shown as U+FFFD).
    InvalidUtf8,
    /// No known format and no timestamps: searched without times.
    NoFormat,
    /// A document (front matter and Markdown, or HTML: a KB article, notes), not a log: no
    /// evidence, not mined.
    Document,
    /// A link inside a folder given, to a file or folder outside it: not followed.
    LinkOutside,
    /// An e-mail (MIME multipart) whose attachments are encoded: they were not read.
    MailAttachments,
    /// A document (see `Document`) holding lines that begin with a time, as log records do (a
    /// log pasted into notes, a ticket exported as HTML): they were not judged, so the input is
    /// not complete.
    DocumentRecords,
    /// The same records as another input in another format (PostgreSQL's stderr, csvlog and
    /// jsonlog of one server): its events found in both are counted once.
    SameRecords,
    /// An e-mail (MIME multipart): its text is read as this input, its attachments as inputs of
    /// their own (listed).
    MailRead,
    /// A zip archive whose index (central directory) is damaged, though every member was read
    /// from its own header: nothing is lost.
    ZipIndexDamaged,
    /// Too many distinct error messages: some error lines were not grouped into templates.
    MiningBounded,
}
