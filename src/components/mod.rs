pub mod header;
pub mod region;
