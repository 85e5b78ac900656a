//! The page's components. Each takes plain data and callbacks; none holds simulation state.

pub mod cluster;
pub mod config_panel;
pub mod controls;
pub mod embed_dialog;
pub mod event_log;
pub mod help;
pub mod inspector;
pub mod message;
pub mod node;
pub mod script_editor;
pub mod status;
