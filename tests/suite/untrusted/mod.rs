//! Issue 14: nothing in a shared project folder can run a program, read or write outside it,
//! or take the build down. One module per area.
mod git;
mod inputs;
mod output;
mod project;
mod render;
