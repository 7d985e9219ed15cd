//! How Cloud Store is built and deployed (docs/deploy.md), one test binary: the template's rules,
//! the sample events, what `sam build` produced, `make publish-web`, and the README's local
//! invoke line. `make build` runs `sam_build` alone right after `sam build`.

mod common;
mod events;
mod local_invoke;
mod publish_web;
mod sam_build;
mod template;
