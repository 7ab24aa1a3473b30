//! Questions asked of a dataset: which events pass these filters, what matches this search,
//! where sources disagree. Shared by `list`, `brief` and the viewer, so that a filter means the
//! same thing everywhere.

pub mod brief;
pub mod compare;
pub mod filter;
pub mod same;
mod same_index;
pub mod search;
pub mod search_index;
pub mod source_index;
pub(crate) mod table_parts;

pub use brief::Selection;
pub use compare::{
    ClaimIndex, Standing, SubjectRow, subject_rows, subject_rows_of, subject_rows_where,
};
pub use filter::{Filter, FilterError};
pub use same::{OtherReport, SameIndex, other_reports};
pub use source_index::SourceIndex;
