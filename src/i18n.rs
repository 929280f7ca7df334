//! Every string the app shows, in English and Brazilian Portuguese. Resource names,
//! statuses and AWS's own vocabulary stay as AWS (and the lab) writes them.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Pt,
}

impl Lang {
    pub fn from_param(s: &str) -> Lang {
        if s.eq_ignore_ascii_case("pt-BR") || s.eq_ignore_ascii_case("pt") {
            Lang::Pt
        } else {
            Lang::En
        }
    }

    pub fn param(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pt => "pt-BR",
        }
    }

    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pt => "pt-BR",
        }
    }
}

macro_rules! strings {
    ($($key:ident => $en:expr, $pt:expr;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(clippy::enum_variant_names)]
        pub enum Key { $($key),* }

        pub fn t(lang: Lang, key: Key) -> &'static str {
            match (lang, key) {
                $((Lang::En, Key::$key) => $en, (Lang::Pt, Key::$key) => $pt,)*
            }
        }
    };
}

strings! {
    Tagline => "Learn event-driven architecture on AWS: watch every message travel, hide for its visibility timeout, come back and land in a DLQ, simulated in your browser.",
        "Aprenda arquitetura orientada a eventos na AWS: veja cada mensagem viajar, ficar invisível pelo visibility timeout, voltar e cair na DLQ, simulado no seu navegador.";
    Scenario => "Scenario", "Cenário";
    Seed => "Seed", "Semente";
    Language => "Language", "Idioma";
    Controls => "Controls", "Controles";
    Architecture => "Architecture", "Arquitetura";
    Inspect => "Inspect", "Inspecionar";
    Play => "Play", "Executar";
    Pause => "Pause", "Pausar";
    StepNext => "Step to next event", "Avançar ao próximo evento";
    Speed => "Speed", "Velocidade";
    Reset => "Reset", "Reiniciar";
    SimTime => "Sim time", "Tempo simulado";
    Paused => "paused", "pausado";
    Running => "running", "executando";
    NextEventAt => "next event at", "próximo evento em";
    EventsRun => "events run", "eventos executados";
    NothingScheduled => "Nothing left to happen: send something.", "Nada mais agendado: envie algo.";
    SubmitOrder => "Submit an order", "Enviar um pedido";
    Customer => "Customer", "Cliente";
    Product => "Product", "Produto";
    Amount => "Amount", "Valor";
    Notes => "Notes", "Observações";
    Send => "Send", "Enviar";
    SubmitMany => "Submit N orders", "Enviar N pedidos";
    HowMany => "How many", "Quantos";
    RequestBody => "Request body (JSON)", "Corpo da requisição (JSON)";
    SendEvents => "Send events", "Send events";
    EventSource => "Event source", "Event source";
    DetailType => "Detail type", "Detail type";
    EventDetail => "Event detail (JSON)", "Event detail (JSON)";
    EventBus => "Event bus", "Event bus";
    Orders => "Orders", "Pedidos";
    ExploreItems => "Explore items", "Explore items";
    NoItems => "No items yet: submit an order.", "Nenhum item ainda: envie um pedido.";
    Timeline => "Timeline", "Linha do tempo";
    MessagesAvailable => "Messages available", "Messages available";
    MessagesInFlight => "Messages in flight", "Messages in flight";
    MessagesDelayed => "Messages delayed", "Messages delayed";
    PollForMessages => "Poll for messages", "Poll for messages";
    PollWarning => "Polling is a real ReceiveMessage: it hides the messages it gets and counts toward maxReceiveCount, exactly as in the AWS console.",
        "Poll for messages é um ReceiveMessage de verdade: esconde as mensagens recebidas e conta para o maxReceiveCount, como no console da AWS.";
    Peek => "Peek (changes nothing)", "Espiar (não altera nada)";
    PeekNote => "Peek shows every message and its state without receiving it: it changes nothing. The AWS console has no such view: viewing a message there is a receive.",
        "Espiar mostra todas as mensagens e seus estados sem recebê-las: não altera nada. O console da AWS não tem isso: lá, ver uma mensagem é um receive.";
    Purge => "Purge", "Purge";
    StartRedrive => "Start DLQ redrive", "Start DLQ redrive";
    CancelRedrive => "Cancel redrive", "Cancelar redrive";
    ReceiveCount => "receive count", "receive count";
    VisibleIn => "visible again in", "visível de novo em";
    Faults => "Break it", "Quebrar";
    FaultThrow => "Throw ValueError(\"Teste Forçado para DLQ!\")", "Lançar ValueError(\"Teste Forçado para DLQ!\")";
    FaultTimeout => "Run past the timeout", "Passar do timeout";
    FaultThrottle => "Throttle (reserved concurrency 0)", "Throttle (concorrência reservada 0)";
    FaultDeny => "Deny its permission (AccessDenied)", "Negar a permissão (AccessDenied)";
    FaultFraction => "Fail a fraction of invocations", "Falhar uma fração das invocações";
    Logs => "Logs", "Logs";
    NoLogs => "No log events yet.", "Nenhum log ainda.";
    TestEvent => "Test this event", "Testar este evento";
    Trace => "Trace", "Rastro";
    Filter => "Filter", "Filtrar";
    Inbox => "E-mail inbox", "Caixa de e-mail";
    NoEmail => "No e-mail yet.", "Nenhum e-mail ainda.";
    Invocations => "invocations", "invocações";
    Errors => "errors", "erros";
    Throttles => "throttles", "throttles";
    Running2 => "running now", "executando agora";
    Close => "Close", "Fechar";
    Refused => "Refused, nothing changed", "Recusado, nada mudou";
    InvalidJson => "This is not valid JSON", "Isto não é um JSON válido";
    SelectHint => "Click any resource in the diagram to inspect it.", "Clique em qualquer recurso do diagrama para inspecioná-lo.";
    ChangesState => "changes state", "altera o estado";
    Matched => "matches", "corresponde";
    NotMatched => "does not match", "não corresponde";
    Pattern => "Event pattern", "Event pattern";
    Targets => "Targets", "Targets";
    LastPoll => "Last poll", "Última consulta";
    Waiting => "waiting for messages…", "aguardando mensagens…";
    NoMessages => "No messages.", "Nenhuma mensagem.";
    Dlq => "dead-letter queue", "fila de mensagens mortas (DLQ)";
    TraceHash => "trace", "rastro";
    AboutScenario => "About this lab", "Sobre este laboratório";
    CatAll => "All", "Tudo";
    CatMessages => "Messages", "Mensagens";
    CatInvocations => "Invocations", "Invocações";
    CatFailures => "Failures and DLQs", "Falhas e DLQs";
    CatEvents => "EventBridge, SNS, Pipes", "EventBridge, SNS, Pipes";
    CatData => "DynamoDB", "DynamoDB";
    AmountInvalid => "The amount must be a non-negative number.", "O valor deve ser um número não negativo.";
    FractionInvalid => "A fraction from 0 to 1.", "Uma fração de 0 a 1.";
    StatAvailable => "available", "disponíveis";
    StatInFlight => "in flight", "em trânsito";
    StatDelayed => "delayed", "atrasadas";
    StatRunning => "running", "executando";
    StatErrors => "errors", "erros";
    StatItems => "items", "itens";
    StatRequests => "requests", "requisições";
    StatPublished => "published", "publicadas";
    StatEmails => "e-mails", "e-mails";
    StatSent => "sent", "enviadas";
    StatFilteredOut => "filtered out", "filtradas";
    StatMatched => "matched", "casaram";
    LegendSent => "sent / delivered", "enviada / entregue";
    LegendReceived => "received", "recebida";
    LegendDlq => "moved to a DLQ", "movida para a DLQ";
    LegendRc => "rc N = receive count; the bar under it is the visibility timeout left", "rc N = receive count; a barra embaixo é o visibility timeout restante";
    NoTable => "This scenario has no DynamoDB table.", "Este cenário não tem tabela DynamoDB.";
    Now => "now", "agora";
    RedriveStatus => "DLQ redrive", "Redrive da DLQ";
    MessagesMoved => "messages moved", "mensagens movidas";
    Of => "of", "de";
    From => "from", "de";
    Body => "Body", "Corpo";
    MessageJson => "Message JSON (as ReceiveMessage returns it)", "JSON da mensagem (como o ReceiveMessage devolve)";
    BusHint => "Send events to this bus with the Send events form under Controls.", "Envie eventos para este bus com o formulário Send events em Controles.";
    DenyEventBridge => "deny EventBridge (NO_PERMISSIONS, not retried)", "negar o EventBridge (NO_PERMISSIONS, sem novas tentativas)";
    ThrottleTarget => "throttle (retried with backoff)", "throttle (novas tentativas com backoff)";
    Sent => "Sent", "Enviada";
    Request => "Request", "Requisição";
    Response => "Response", "Resposta";
    Lab => "Lab", "Laboratório";
    PipeCounts => "delivered · filtered out (deleted from the source queue without being processed)", "entregues · filtradas (apagadas da fila de origem sem processamento)";
}
