use yew::prelude::*;

#[function_component(Header)]
pub fn header() -> Html {
    html! {
        <header class="header">
            <h1 class="header__title">{ "EventLab" }</h1>
            <p class="header__tagline">
                { "Learn event-driven architecture on AWS: watch orders flow through API Gateway, Lambda, SQS, dead-letter queues, EventBridge and DynamoDB, simulated in your browser." }
            </p>
        </header>
    }
}
