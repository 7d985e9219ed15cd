//! The help centre: the FAQ's questions as articles, read by anyone, written by the operator.

use crate::openapi::{Op, Param};
use cloudstore::help::{ArticleRequest, ArticleView};
use cloudstore::ids::ArticleId;

fn article_id() -> Param {
    Param::path::<ArticleId>("id", "An article of the help centre.")
}

pub fn operations() -> Vec<Op> {
    vec![
        Op::get("/help")
            .id("listHelp")
            .tag("help")
            .summary("The help centre's articles, by position; with `query`, those holding every word")
            .description(
                "Public and cacheable for 60 s. `query` looks in the group, the question and the answer, \
                 accents and case aside. Each answer is whole: paragraphs separated by a blank line, a line \
                 starting with \"• \" is a bullet.",
            )
            .public()
            .param(Param::search())
            .paged()
            .ok_list::<ArticleView>("A page of articles.")
            .problems([400]),
        Op::post("/help")
            .id("createHelpArticle")
            .tag("help")
            .summary("Add an article (operator)")
            .description("Without `position`, it goes after the last one.")
            .body::<ArticleRequest>()
            .created::<ArticleView>("Created.")
            .problems([400, 403, 409]),
        Op::put("/help/{id}")
            .id("replaceHelpArticle")
            .tag("help")
            .summary("Replace an article's texts and position (operator)")
            .description("Without `position`, it stays where it was.")
            .param(article_id())
            .body::<ArticleRequest>()
            .ok::<ArticleView>("The article after the change.")
            .problems([400, 403, 404]),
        Op::delete("/help/{id}")
            .id("deleteHelpArticle")
            .tag("help")
            .summary("Delete an article (operator)")
            .param(article_id())
            .no_content("Deleted.")
            .problems([403, 404]),
    ]
}
