//! The one way pages show a table of data: [`DataTable`] gives it a caption (hidden, for screen readers), column
//! headers with `scope="col"`, numbers aligned right, and a scrolling region that keyboard users can reach and
//! that is named by the caption, so a wide table never widens the page. Pages bring only their rows.

use leptos::prelude::*;

use crate::i18n::{Key, tr};

/// A column header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    label: Key,
    numeric: bool,
}

impl Column {
    /// A column of text.
    pub fn text(label: Key) -> Column {
        Column { label, numeric: false }
    }

    /// A column of numbers or amounts (aligned right; its cells take `class="app-number"`).
    pub fn number(label: Key) -> Column {
        Column { label, numeric: true }
    }
}

/// A table's last row: "Total" under every column but the last, and the sum in the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    pub value: String,
    /// The sum cell's `data-testid`.
    pub testid: &'static str,
}

/// A table in a scrolling region. `id` names it: the caption is `<id>-caption`, and the region is labelled by
/// it. `children` are the rows of its body.
#[component]
pub fn DataTable(
    #[prop(into)] id: String,
    caption: Key,
    columns: Vec<Column>,
    /// The table's `data-testid`.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// `sm` for a compact table.
    #[prop(optional)]
    size: Option<&'static str>,
    /// The id of a text that explains the table.
    #[prop(optional)]
    describedby: Option<&'static str>,
    /// A footer row with a total.
    #[prop(optional)]
    total: Option<Total>,
    children: Children,
) -> impl IntoView {
    let caption_id = format!("{id}-caption");
    let before_total = columns.len().saturating_sub(1).to_string();
    view! {
        <div class="app-table-scroll" role="region" aria-labelledby=caption_id tabindex="0">
            <table class="ds-table" data-testid=testid data-size=size aria-describedby=describedby>
                <caption id=caption_id.clone() class="ds-sr-only">{tr(caption)}</caption>
                <thead>
                    <tr>
                        {columns
                            .into_iter()
                            .map(|column| {
                                view! {
                                    <th scope="col" class=column.numeric.then_some("app-number")>{tr(column.label)}</th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
                {total.map(|total| {
                    view! {
                        <tfoot>
                            <tr>
                                <th scope="row" colspan=before_total>{tr(Key::Total)}</th>
                                <td class="app-number app-nowrap" data-testid=total.testid>{total.value}</td>
                            </tr>
                        </tfoot>
                    }
                })}
            </table>
        </div>
    }
}
