//! The bytes of an input collected in full (an archive member, a mail's attachment, stdin that
//! held an archive): in memory, or in a temporary file mapped into memory once the run holds
//! more than its memory budget ([`super::Limits::max_memory`]).
//!
//! Why a file: a month of logs in one `.tar.gz` decompresses to gigabytes, and every member is
//! held until the scan ends. In memory that is the machine's RAM (a service would be killed
//! for one customer's bundle); in a mapped file the kernel writes pages out and drops them
//! under pressure, so the run costs disk rather than memory. The file has no name (it is
//! removed from its folder as it is made), so nothing else can change or cut it under the map,
//! and it disappears with the run.

use std::io;
use std::ops::Deref;
use std::sync::Arc;

/// Shared, read-only bytes: cheap to clone, the same slice for every reader.
#[derive(Clone)]
pub struct Data {
    owner: Arc<dyn AsRef<[u8]> + Send + Sync>,
    /// The bytes are the owner's first `len` (a member that broke off keeps what came).
    len: usize,
    mapped: bool,
}

impl Data {
    /// Was it put in a temporary file (the run's memory budget was spent)?
    pub fn is_mapped(&self) -> bool {
        self.mapped
    }
}

impl Deref for Data {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        let all: &[u8] = (*self.owner).as_ref();
        &all[..self.len.min(all.len())]
    }
}

impl AsRef<[u8]> for Data {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl std::fmt::Debug for Data {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Data({} bytes{})", self.len, if self.mapped { ", in a temporary file" } else { "" })
    }
}

impl From<Arc<[u8]>> for Data {
    fn from(b: Arc<[u8]>) -> Data {
        let len = b.len();
        Data { owner: Arc::new(b), len, mapped: false }
    }
}

impl From<Vec<u8>> for Data {
    fn from(b: Vec<u8>) -> Data {
        let len = b.len();
        Data { owner: Arc::new(b), len, mapped: false }
    }
}

impl From<&[u8]> for Data {
    fn from(b: &[u8]) -> Data {
        Data::from(b.to_vec())
    }
}

impl From<&str> for Data {
    fn from(s: &str) -> Data {
        Data::from(s.as_bytes())
    }
}

impl From<String> for Data {
    fn from(s: String) -> Data {
        Data::from(s.into_bytes())
    }
}

/// Give `file` `size` bytes of real disk, not a sparse length: a write through a map into a
/// hole the file system cannot fill (TMPDIR full, a small tmpfs, a quota, another run taking the
/// space) is a SIGBUS that kills the process, where a failed reservation is an error the caller
/// answers by holding the member in memory.
#[cfg(unix)]
fn reserve(file: &std::fs::File, size: usize) -> io::Result<()> {
    use std::os::unix::io::AsRawFd;
    let len = libc::off_t::try_from(size).map_err(|_| io::Error::other("member too large for a temporary file"))?;
    // SAFETY: a plain system call on a descriptor this function borrows for its duration.
    match unsafe { libc::posix_fallocate(file.as_raw_fd(), 0, len) } {
        0 => Ok(()),
        e => Err(io::Error::from_raw_os_error(e)),
    }
}

/// Without `posix_fallocate`, no temporary file: the member stays in memory.
#[cfg(not(unix))]
fn reserve(_file: &std::fs::File, _size: usize) -> io::Result<()> {
    Err(io::Error::other("no space reservation on this system"))
}

/// A buffer being filled: memory, or a mapped temporary file.
pub(super) enum Buffer {
    Memory(Vec<u8>),
    Mapped(memmap2::MmapMut),
}

impl Buffer {
    /// `size` zeroed bytes in memory.
    pub(super) fn memory(size: usize) -> Buffer {
        Buffer::Memory(vec![0u8; size])
    }

    /// `size` zeroed bytes in an unnamed temporary file, in the system's temporary folder
    /// (`TMPDIR`). The file is sparse: pages take disk only as they are written.
    pub(super) fn mapped(size: usize) -> io::Result<Buffer> {
        if size == 0 {
            return Ok(Buffer::Memory(Vec::new()));
        }
        let file = tempfile::tempfile()?;
        reserve(&file, size)?;
        // SAFETY: the file has no name (`tempfile()` unlinks it, or opens it with O_TMPFILE),
        // so no other process can reach it to change or shorten it under the map, and this
        // handle only ever writes it through the map.
        let map = unsafe { memmap2::MmapMut::map_mut(&file)? };
        Ok(Buffer::Mapped(map))
    }

    pub(super) fn bytes_mut(&mut self) -> &mut [u8] {
        match self {
            Buffer::Memory(v) => v,
            Buffer::Mapped(m) => m,
        }
    }

    /// The first `len` bytes, shared and read-only.
    pub(super) fn freeze(self, len: usize) -> Data {
        match self {
            Buffer::Memory(mut v) => {
                v.truncate(len);
                Data::from(v)
            }
            // Readers only read: the map stays as it was filled.
            Buffer::Mapped(m) => Data { owner: Arc::new(m), len, mapped: true },
        }
    }
}
