//! The printers of the `kbdiag` command, as a library so that the workspace tests render
//! findings exactly as users see them.

pub mod embedded;
pub mod fixture;
pub mod kbimport;
pub mod lint;
pub mod print;
pub mod serve;
pub mod size;
