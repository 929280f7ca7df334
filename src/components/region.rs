use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RegionProps {
    pub id: AttrValue,
    pub title: AttrValue,
    /// What the region shows while it has nothing to show, said plainly.
    pub empty: AttrValue,
    #[prop_or_default]
    pub children: Children,
}

/// One labelled area of the page.
#[function_component(Region)]
pub fn region(props: &RegionProps) -> Html {
    let heading_id = format!("{}-heading", props.id);
    html! {
        <section id={props.id.clone()} class={classes!("region", format!("region--{}", props.id))} aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id} class="region__title">{ props.title.clone() }</h2>
            if props.children.is_empty() {
                <p class="region__empty">{ props.empty.clone() }</p>
            } else {
                { for props.children.iter() }
            }
        </section>
    }
}
