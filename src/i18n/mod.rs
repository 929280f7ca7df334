//! Every string the app shows, in English and Brazilian Portuguese: one table of
//! plain strings (`t`) and one of counted phrases with their plural forms (`plural`).
//! Resource names, statuses and AWS's own vocabulary stay as AWS (and the lab)
//! writes them.

mod sim_text;
mod times;
mod trace_kinds;

pub use sim_text::{flow_text, sim_text};
pub use times::when;
pub use trace_kinds::entry_label;

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

    /// The first of the browser's preferred languages the app speaks (BCP 47 tags,
    /// as `navigator.languages` lists them).
    pub fn from_browser(preferred: &[String]) -> Option<Lang> {
        preferred.iter().find_map(|tag| {
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            match primary.to_ascii_lowercase().as_str() {
                "pt" => Some(Lang::Pt),
                "en" => Some(Lang::En),
                _ => None,
            }
        })
    }

    /// Whether `n` takes the singular form: 1 only, in both languages (Brazilian
    /// usage says "0 requisições", not CLDR's "0 requisição").
    fn singular(self, n: u64) -> bool {
        n == 1
    }
}

macro_rules! plurals {
    ($($key:ident => [$en1:expr, $en:expr], [$pt1:expr, $pt:expr];)*) => {
        /// Phrases with a count: `{n}` is replaced by the number.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Plural { $($key),* }

        fn plural_forms(lang: Lang, key: Plural) -> (&'static str, &'static str) {
            match (lang, key) {
                $((Lang::En, Plural::$key) => ($en1, $en), (Lang::Pt, Plural::$key) => ($pt1, $pt),)*
            }
        }

        /// Both forms of every phrase (one, many), for the tests.
        #[cfg(test)]
        pub fn all_plural_forms(lang: Lang) -> Vec<(&'static str, &'static str)> {
            vec![$( plural_forms(lang, Plural::$key) ),*]
        }
    };
}

/// `key`'s phrase for `n`, in the form `n` takes.
pub fn plural(lang: Lang, key: Plural, n: u64) -> String {
    let (one, many) = plural_forms(lang, key);
    let form = if lang.singular(n) { one } else { many };
    form.replace("{n}", &n.to_string())
}

/// Why a text is not JSON, in `lang`: "This is not valid JSON: " and serde_json's
/// reason, with its line and column, in plain words when the reason is a known one
/// (serde's own, "EOF while parsing an object", is a parser's jargon).
pub fn json_error(lang: Lang, e: &serde_json::Error) -> String {
    // Columns from 1, as an editor counts (the student walk read "linha 4, coluna 0").
    let (reason, column) = sim_core::error::json_error_parts(e);
    let reason = json_reason(&reason).map_or(reason, |key| t(lang, key).to_string());
    if e.line() == 0 {
        return format!("{}: {reason}", t(lang, Key::InvalidJson));
    }
    let at = t(lang, Key::JsonAt)
        .replace("{line}", &e.line().to_string())
        .replace("{column}", &column.to_string());
    format!("{}: {reason} ({at})", t(lang, Key::InvalidJson))
}

/// serde_json's common reasons (its `Display`, without the position).
fn json_reason(reason: &str) -> Option<Key> {
    Some(match reason {
        "EOF while parsing a value" => Key::JsonEofValue,
        "EOF while parsing a string" => Key::JsonEofString,
        "EOF while parsing an object" => Key::JsonEofObject,
        "EOF while parsing a list" => Key::JsonEofList,
        "expected value" => Key::JsonExpectedValue,
        "expected `,` or `}`" => Key::JsonExpectedCommaBrace,
        "expected `,` or `]`" => Key::JsonExpectedCommaBracket,
        "expected `:`" => Key::JsonExpectedColon,
        "expected ident" => Key::JsonExpectedIdent,
        "trailing characters" => Key::JsonTrailingCharacters,
        "trailing comma" => Key::JsonTrailingComma,
        "key must be a string" => Key::JsonKeyString,
        "invalid escape" => Key::JsonInvalidEscape,
        "invalid number" => Key::JsonInvalidNumber,
        "number out of range" => Key::JsonNumberOutOfRange,
        "recursion limit exceeded" => Key::JsonTooDeep,
        r if r.starts_with("control character") => Key::JsonControlCharacter,
        _ => return None,
    })
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

        /// Every string of a language, for the tests that look for untranslated text.
        #[cfg(test)]
        pub fn all_strings(lang: Lang) -> Vec<&'static str> {
            vec![$(t(lang, Key::$key)),*]
        }
    };
}

plurals! {
    Available => ["{n} available", "{n} available"], ["{n} disponível", "{n} disponíveis"];
    InFlight => ["{n} in flight", "{n} in flight"], ["{n} em trânsito", "{n} em trânsito"];
    Delayed => ["{n} delayed", "{n} delayed"], ["{n} atrasada", "{n} atrasadas"];
    GroupWaiting => ["{n} waits for its group", "{n} wait for their groups"], ["{n} espera o grupo", "{n} esperam o grupo"];
    Running => ["{n} running", "{n} running"], ["{n} executando", "{n} executando"];
    ReceivesN => ["{n} receive", "{n} receives"], ["{n} recebimento", "{n} recebimentos"];
    TimesN => ["{n} time", "{n} times"], ["{n} vez", "{n} vezes"];
    ErrorsN => ["{n} error", "{n} errors"], ["{n} erro", "{n} erros"];
    FailedItemsN => ["{n} item failed", "{n} items failed"], ["{n} item com falha", "{n} itens com falha"];
    Items => ["{n} item", "{n} items"], ["{n} item", "{n} itens"];
    Objects => ["{n} object", "{n} objects"], ["{n} objeto", "{n} objetos"];
    Requests => ["{n} request", "{n} requests"], ["{n} requisição", "{n} requisições"];
    Published => ["{n} published", "{n} published"], ["{n} publicada", "{n} publicadas"];
    Emails => ["{n} e-mail", "{n} e-mails"], ["{n} e-mail", "{n} e-mails"];
    DeliveredN => ["{n} delivered", "{n} delivered"], ["{n} entregue", "{n} entregues"];
    FilteredOut => ["{n} filtered out", "{n} filtered out"], ["{n} descartada pelo filtro", "{n} descartadas pelo filtro"];
    // The diagram's box has room for two words: "descartadas pelo filtro" was squeezed illegible.
    FilteredOutShort => ["{n} filtered out", "{n} filtered out"], ["{n} descartada", "{n} descartadas"];
    MatchedN => ["matched {n}", "matched {n}"], ["correspondeu a {n}", "correspondeu a {n}"];
    Entries => ["{n} entry", "{n} entries"], ["{n} entrada", "{n} entradas"];
    NewerAbove => ["↑ {n} newer entry above", "↑ {n} newer entries above"], ["↑ {n} entrada mais nova acima", "↑ {n} entradas mais novas acima"];
    ShownN => ["{n} shown", "{n} shown"], ["{n} mostrada", "{n} mostradas"];
    InFlightInDlq => ["0 messages to move: the DLQ's {n} message is in flight, hidden for its visibility timeout after your poll. A redrive moves only visible messages, so this one ends with nothing moved: let time run past the timeout, then start a new redrive.",
            "0 messages to move: the DLQ's {n} messages are in flight, hidden for their visibility timeout after your poll. A redrive moves only visible messages, so this one ends with nothing moved: let time run past the timeout, then start a new redrive."],
        ["0 mensagens a mover: a {n} mensagem da DLQ está em trânsito, invisível pelo visibility timeout depois da sua busca. O redrive só move mensagens visíveis, então este termina sem mover nada: deixe o tempo passar do timeout e inicie um novo redrive.",
            "0 mensagens a mover: as {n} mensagens da DLQ estão em trânsito, invisíveis pelo visibility timeout depois da sua busca. O redrive só move mensagens visíveis, então este termina sem mover nada: deixe o tempo passar do timeout e inicie um novo redrive."];
    StageRedriveInFlight => ["R: {dlq}'s {n} message is in flight, hidden for its visibility timeout after a poll. A redrive moves only visible messages, so none was started: press R again once it is visible.",
            "R: {dlq}'s {n} messages are in flight, hidden for their visibility timeout after a poll. A redrive moves only visible messages, so none was started: press R again once they are visible."],
        ["R: a {n} mensagem de {dlq} está em trânsito, invisível pelo visibility timeout depois de uma busca. O redrive só move mensagens visíveis, então nenhum foi iniciado: tecle R de novo quando ela estiver visível.",
            "R: as {n} mensagens de {dlq} estão em trânsito, invisíveis pelo visibility timeout depois de uma busca. O redrive só move mensagens visíveis, então nenhum foi iniciado: tecle R de novo quando elas estiverem visíveis."];
    SubmitManyN => ["Submit {n} order", "Submit {n} orders"], ["Enviar {n} pedido", "Enviar {n} pedidos"];
    RedriveMoved => ["{moved} of {n} message moved", "{moved} of {n} messages moved"], ["{moved} de {n} mensagem movida", "{moved} de {n} mensagens movidas"];
    AlarmConditionText => ["ALARM when {stat} of {metric} ({dim}) is {op} {threshold} for {m} of the last {n} period of {period} s; missing data: {treat}.", "ALARM when {stat} of {metric} ({dim}) is {op} {threshold} for {m} of the last {n} periods of {period} s; missing data: {treat}."],
        ["ALARM quando {stat} de {metric} ({dim}) for {op} {threshold} em {m} de {n} período de {period} s; dados ausentes: {treat}.", "ALARM quando {stat} de {metric} ({dim}) for {op} {threshold} em {m} dos últimos {n} períodos de {period} s; dados ausentes: {treat}."];
    ActionsScheduled => ["{n} action scheduled", "{n} actions scheduled"], ["{n} ação agendada", "{n} ações agendadas"];
    Actions => ["{n} action", "{n} actions"], ["{n} ação", "{n} ações"];
    EventsRunN => ["{n} event run", "{n} events run"], ["{n} evento executado", "{n} eventos executados"];
    WipeWarning => ["Start over? This wipes the {n} action you applied in this session.", "Start over? This wipes the {n} actions you applied in this session."],
        ["Recomeçar? Isto apaga a {n} ação que você aplicou nesta sessão.", "Recomeçar? Isto apaga as {n} ações que você aplicou nesta sessão."];
    OpenWarning => ["Open “{what}”? This wipes the {n} action you applied in this session.", "Open “{what}”? This wipes the {n} actions you applied in this session."],
        ["Abrir “{what}”? Isto apaga a {n} ação que você aplicou nesta sessão.", "Abrir “{what}”? Isto apaga as {n} ações que você aplicou nesta sessão."];
    // The words under a panel's counts ("1 invocação", "3 invocações").
    StatAvailable => ["Message available", "Messages available"], ["Mensagem disponível", "Mensagens disponíveis"];
    EventsUnmatched => ["accepted, but no rule on {bus} matched {n} event: it goes nowhere (EventBridge still answers FailedEntryCount 0). Compare its source and detail-type with the rules' patterns, and check the rules are enabled.", "accepted, but no rule on {bus} matched {n} events: they go nowhere (EventBridge still answers FailedEntryCount 0). Compare their source and detail-type with the rules' patterns, and check the rules are enabled."], ["aceito, mas nenhuma regra de {bus} correspondeu a {n} evento: ele não vai a lugar nenhum (o EventBridge responde FailedEntryCount 0 mesmo assim). Compare o source e o detail-type dele com os padrões das regras, e veja se as regras estão ativadas.", "aceito, mas nenhuma regra de {bus} correspondeu a {n} eventos: eles não vão a lugar nenhum (o EventBridge responde FailedEntryCount 0 mesmo assim). Compare o source e o detail-type deles com os padrões das regras, e veja se as regras estão ativadas."];
    PurgedN => ["PurgeQueue at {when} deleted {n} message (at once here; AWS may take up to 60 seconds).", "PurgeQueue at {when} deleted {n} messages (at once here; AWS may take up to 60 seconds)."], ["PurgeQueue às {when} apagou {n} mensagem (aqui na hora; na AWS, pode levar até 60 segundos).", "PurgeQueue às {when} apagou {n} mensagens (aqui na hora; na AWS, pode levar até 60 segundos)."];
    StatInFlight => ["Message in flight", "Messages in flight"], ["Mensagem em trânsito", "Mensagens em trânsito"];
    StatDelayed => ["Message delayed", "Messages delayed"], ["Mensagem atrasada", "Mensagens atrasadas"];
    StatInvocations => ["invocation", "invocations"], ["invocação", "invocações"];
    StatErrors => ["error", "errors"], ["erro", "erros"];
    StatFailedItems => ["batch item failure", "batch item failures"], ["falha de item do lote", "falhas de itens do lote"];
    StatThrottles => ["throttle", "throttles"], ["limitação (throttle)", "limitações (throttles)"];
    LinkTooLong => ["Too long for a link ({n} character; the limit is 8,000): export a file instead.", "Too long for a link ({n} characters; the limit is 8,000): export a file instead."],
        ["Longo demais para um link ({n} caractere; o limite é 8.000): exporte um arquivo.", "Longo demais para um link ({n} caracteres; o limite é 8.000): exporte um arquivo."];
}

strings! {
    PageTitle => "EventLab · AWS event-driven architecture simulator", "EventLab · simulador de arquitetura orientada a eventos na AWS";
    Tagline => "Learn event-driven architecture on AWS: watch every message travel, hide for its visibility timeout, come back and land in a DLQ, simulated in your browser.",
        "Aprenda arquitetura orientada a eventos na AWS: veja cada mensagem viajar, ficar invisível pelo visibility timeout, voltar e cair na DLQ, simulado no seu navegador.";
    Scenario => "Scenario", "Cenário";
    Seed => "Seed", "Semente";
    SeedInvalid => "A seed is a whole number from 0 up: still {seed}", "A semente é um número inteiro a partir de 0: continua {seed}";
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
    NextEventAt => "next event at {at} ({wait})", "próximo evento às {at} ({wait})";
    InTime => "in {in}", "daqui a {in}";
    QueueEmpty => "empty", "vazia";
    FarStep => "The next event is {wait} away (at {at}){what}. Step again (→) to go there.", "O próximo evento é daqui a {wait} (às {at}){what}. Avance de novo (→) para ir até lá.";
    FarStepExpiry => ": a message in {queue} reaches its MessageRetentionPeriod and SQS deletes it", ": uma mensagem em {queue} atinge o MessageRetentionPeriod e o SQS a apaga";
    NothingScheduled => "Nothing left to happen: send something.", "Nada mais agendado: envie algo.";
    SubmitOrder => "Submit an order", "Enviar um pedido";
    Customer => "Customer", "Cliente";
    Product => "Product", "Produto";
    Amount => "Amount", "Valor";
    Notes => "Notes", "Observações";
    Send => "Send", "Enviar";
    SubmitMany => "Submit orders", "Enviar pedidos";
    HowMany => "How many", "Quantos";
    RequestBody => "Request body (JSON)", "Corpo da requisição (JSON)";
    MessageGroupIdLabel => "Message group ID", "ID do grupo de mensagens";
    MessageDedupIdLabel => "Message deduplication ID", "ID de desduplicação de mensagens";
    DedupIdContentBased => "empty: SHA-256 of the body", "vazio: SHA-256 do corpo";
    GroupIdFromBody => "empty: {group}, from the body", "vazio: {group}, a partir do corpo";
    OrderAlreadyInTable => "{id} is already in {table}. If you send it again, it goes through the pipeline again and the functions may overwrite that item.", "{id} já está em {table}. Se você enviá-lo de novo, ele passa pelo pipeline outra vez e as funções podem sobrescrever esse item.";
    NotJsonStillSent => "It can still be sent as it is: AWS takes text that is not JSON as a body. What happens next is the function's code: json.loads raises an error, which the code may catch.", "Pode ser enviado assim mesmo: a AWS aceita como corpo um texto que não é JSON. O que acontece depois depende do código da função: o json.loads levanta um erro, que o código pode tratar ou não.";
    DedupIdRequired => "required: this queue has no content-based deduplication", "obrigatório: esta fila não tem desduplicação baseada em conteúdo";
    FifoIdsHint => "Same deduplication ID within 5 minutes: accepted, not delivered. One group's messages are delivered in order, one batch at a time.", "Mesmo ID de desduplicação em 5 minutos: aceita, não entregue. As mensagens de um grupo são entregues em ordem, um lote de cada vez.";
    SendBatchTitle => "Send a batch", "Enviar em lote";
    BatchEntriesLabel => "Entries, as boto3's send_message_batch takes them (JSON)", "Entries, como o send_message_batch do boto3 as recebe (JSON)";
    BatchHint => "Up to 10 entries, each with its own Id. MessageBody is text (json.dumps(order)); MessageAttributes are per entry, and so are DelaySeconds on a standard queue and MessageGroupId and MessageDeduplicationId on a FIFO queue. SQS answers each entry: Successful or Failed.", "Até 10 entradas, cada uma com seu Id. O MessageBody é texto (json.dumps(pedido)); os MessageAttributes são de cada entrada, assim como o DelaySeconds numa fila padrão e o MessageGroupId e o MessageDeduplicationId numa fila FIFO. O SQS responde por entrada: Successful ou Failed.";
    BatchNotList => "Entries must be a JSON list: [ {\"Id\": \"0\", \"MessageBody\": \"…\"}, … ]", "Entries deve ser uma lista JSON: [ {\"Id\": \"0\", \"MessageBody\": \"…\"}, … ]";
    BatchBodyNotText => "Entries[{i}].MessageBody must be text (a JSON string), as boto3 requires: write it as json.dumps(order) would, in quotes.", "Entries[{i}].MessageBody deve ser texto (uma string JSON), como o boto3 exige: escreva-o como o json.dumps(pedido) escreveria, entre aspas.";
    SendBatch => "Send batch", "Enviar lote";
    BatchAnswer => "SendMessageBatch: Successful {ok}, Failed {failed}", "SendMessageBatch: Successful {ok}, Failed {failed}";
    SendDuplicate => "accepted, but this deduplication ID was already sent within the last 5 minutes: not delivered again (\"duplicate, not delivered\" in the Trace)", "aceita, mas este ID de desduplicação já foi enviado nos últimos 5 minutos: não será entregue de novo (\"duplicada, não entregue\" no Rastro)";
    BatchDuplicates => " ({n} of the Successful had a deduplication ID already sent within 5 minutes: accepted, not delivered again)", " ({n} das Successful tinham um ID de desduplicação já enviado em 5 minutos: aceitas, não entregues de novo)";
    SendEvents => "Send events", "Enviar eventos";
    MessageOrderLabel => "order", "pedido";
    PipeInputTemplate => "Input transformer (InputTemplate)", "Transformador de entrada (InputTemplate)";
    PipeLastInput => "What the target got last: the template's output", "O que o destino recebeu por último: a saída do template";
    PipeNothingDelivered => "Nothing delivered yet: an order that matches the filter shows here.", "Nada entregue ainda: um pedido que passa pelo filtro aparece aqui.";
    EventSource => "Event source", "Origem do evento";
    DetailType => "Detail type", "Tipo de detalhe";
    EventDetail => "Event detail (JSON)", "Detalhe do evento (JSON)";
    EventBus => "Event bus", "Barramento de eventos";
    Orders => "Orders", "Pedidos";
    // The resource tab of a DynamoDB table: said as a table, never only its name
    // (lab 004's table is called Orders, beside the Orders tab).
    TabTable => "{name} table", "Tabela {name}";
    ExploreItems => "Explore items", "Explorar itens";
    NoItems => "No items yet: submit an order.", "Nenhum item ainda: envie um pedido.";
    TableStreamOn => "DynamoDB stream: on · view type {view} · latest stream ARN:", "Stream do DynamoDB: ativado · tipo de visualização {view} · ARN do stream mais recente:";
    TableStreamOff => "DynamoDB stream: off", "Stream do DynamoDB: desativado";
    Timeline => "Timeline", "Linha do tempo";
    TimelineMarks => "On the timeline:", "Na linha do tempo:";
    DiagramMarks => "On the diagram:", "No diagrama:";
    TimelineMarkDlq => "moved to a DLQ", "movida para uma DLQ";
    TimelineMarkError => "invocation failed", "invocação falhou";
    TimelineMarkAlarm => "alarm went to ALARM", "alarme foi para ALARM";
    MomentSeeTrace => "See it in the trace", "Ver no rastro";
    MomentRedeliveryTitle => "First redelivery.", "Primeira reentrega.";
    MomentStillRunningTitle => "Received again while still being processed.", "Recebida de novo enquanto ainda era processada.";
    MomentStillRunning => "The message in {res} came back after its visibility timeout while the invocation that received it was still running: that run has lasted longer than the queue's visibility timeout, so another invocation can receive the same message and the order can be processed twice. AWS recommends a visibility timeout of at least 6 × the function's Timeout.", "A mensagem em {res} voltou depois do visibility timeout enquanto a invocação que a recebeu ainda rodava: essa execução já dura mais que o visibility timeout da fila, então outra invocação pode receber a mesma mensagem e o pedido pode ser processado duas vezes. A AWS recomenda um visibility timeout de pelo menos 6 × o tempo limite da função.";
    MomentRedelivery => "The message in {res} came back after its visibility timeout because it was not deleted (its consumer failed on it, or reported it in batchItemFailures); each receive raises its receive count (the “rc” chip under the queue), and past maxReceiveCount it moves to the DLQ.", "A mensagem em {res} voltou depois do visibility timeout porque não foi apagada (o consumidor falhou nela, ou a informou em batchItemFailures); cada recebimento aumenta a contagem de recebimentos (o selo “rc” sob a fila), e acima do maxReceiveCount ela vai para a DLQ.";
    MomentLastReceiveTitle => "Last receive before the DLQ.", "Último recebimento antes da DLQ.";
    MomentLastReceive => "The message in {res} has now been received maxReceiveCount times: if it is not deleted before its visibility timeout ends, the next receive moves it to the DLQ instead of delivering it.", "A mensagem em {res} chegou ao maxReceiveCount: se não for apagada até o fim do visibility timeout, o próximo recebimento a move para a DLQ em vez de entregá-la.";
    MomentDlqTitle => "Moved to the DLQ.", "Movida para a DLQ.";
    MomentDlq => "A message in {res} had been received maxReceiveCount times without being deleted, so at the next receive SQS moved it to its dead-letter queue instead of delivering it again. Fix the cause, then redrive: a message that is itself the cause (what it carries makes the function fail) comes back to the DLQ after maxReceiveCount more receives.", "Uma mensagem em {res} já tinha sido recebida maxReceiveCount vezes sem ser apagada, então no recebimento seguinte o SQS a moveu para a fila de mensagens mortas em vez de entregá-la de novo. Corrija a causa e faça o redrive: uma mensagem que é ela mesma a causa (o que ela traz faz a função falhar) volta para a DLQ depois de mais maxReceiveCount recebimentos.";
    MomentDlqAlarm => "{alarm} sees it when this minute's datapoint is in (here at the end of the minute; in AWS a few minutes later).", "{alarm} a vê quando o ponto de dados deste minuto chegar (aqui no fim do minuto; na AWS, alguns minutos depois).";
    MomentDuplicateTitle => "At-least-once delivery.", "Entrega pelo menos uma vez.";
    // Lab 003's first order met one on seed 1, and both walks took it for their own mistake.
    MomentDuplicate => "Not your doing: a DeleteMessage on {res} missed one stored copy, so SQS will deliver the message again (rare in AWS, more frequent here). Standard queues are at-least-once: consumers must be idempotent (a conditional write, an id already seen).", "Não foi erro seu: um DeleteMessage em {res} não alcançou uma cópia guardada, e o SQS vai entregar a mensagem de novo (raro na AWS, mais frequente aqui). Filas padrão entregam pelo menos uma vez: consumidores precisam ser idempotentes (escrita condicional, id já visto).";
    MomentRedriveDoneTitle => "A redriven message was processed.", "Uma mensagem do redrive foi processada.";
    MomentRedriveDone => "The redrive moved the message from the DLQ back to {res} as a new message (a new MessageId, receive count 0). {by} received it and returned without an error, so Lambda deleted it: it will not go back to the DLQ. Fixing the cause before the redrive made the difference.", "O redrive levou a mensagem da DLQ de volta para {res} como mensagem nova (novo MessageId, contagem de recebimentos 0). {by} a recebeu e terminou sem erro, então o Lambda a apagou: ela não volta para a DLQ. Corrigir a causa antes do redrive fez a diferença.";
    MomentRedrivenTitle => "Redriven.", "Redrive.";
    MomentRedriven => "The redrive moved a message from {res} back to {to} as a new message: a new MessageId and receive count 0, so it gets maxReceiveCount receives again. If its cause is not fixed, it fails again and returns to the DLQ.", "O redrive levou uma mensagem de {res} de volta para {to} como mensagem nova: novo MessageId e contagem de recebimentos 0, então ela tem de novo maxReceiveCount recebimentos. Se a causa não foi corrigida, ela falha de novo e volta para a DLQ.";
    MomentPartialTitle => "Partial batch failure.", "Falha parcial do lote.";
    MomentPartial => "{res} reported only some messages of its batch as failed (ReportBatchItemFailures): only those return to the queue; the rest are deleted.", "{res} informou só algumas mensagens do lote como falhas (ReportBatchItemFailures): só essas voltam à fila; as demais são apagadas.";
    MomentAlarmTitle => "An alarm fired.", "Um alarme disparou.";
    MomentAlarm => "{res} went to ALARM: its metric crossed the threshold for enough datapoints, and its actions notified their SNS topics.", "{res} foi para ALARM: a métrica passou do limite em datapoints suficientes, e as ações avisaram seus tópicos SNS.";
    MomentDeniedTitle => "Access denied.", "Acesso negado.";
    MomentDenied => "{res}'s execution role lacks a permission, so IAM refused the call. Read the role's policies in the function's panel.", "A role de execução de {res} não tem uma permissão, então o IAM recusou a chamada. Leia as políticas da role no painel da função.";
    MomentCompetingTitle => "Competing consumers.", "Consumidores concorrentes.";
    MomentCompeting => "{res} is read by both a pipe and a Lambda trigger: each message goes to whichever polls first; the other gets it only if it is not deleted within its visibility timeout. The pipe just deleted an order its filter drops, so that order never reaches the worker and stays as it is; the order says so in the Orders tab, and the pipe's panel opens the fixed architecture.", "{res} é lida por um pipe e por um trigger do Lambda: cada mensagem vai para quem buscar primeiro; o outro só a recebe se ela não for apagada dentro do visibility timeout. O pipe acabou de apagar um pedido que o filtro descarta, então esse pedido nunca chega ao worker e fica como está; o pedido diz isso na aba Pedidos, e o painel do pipe abre a arquitetura corrigida.";
    // The console's English names too: the Portuguese lab says "Poll for messages" (the walk searched for it).
    PollForMessages => "Poll for messages", "Buscar mensagens (Poll for messages)";
    PollWarning => "Polling is a real ReceiveMessage: it hides the messages it gets and counts toward maxReceiveCount, exactly as in the AWS console.",
        "Buscar mensagens é um ReceiveMessage de verdade: esconde as mensagens recebidas e conta para o maxReceiveCount, como no console da AWS.";
    PollWarningNoRedrive => "Polling is a real ReceiveMessage: it hides the messages it gets for the visibility timeout and raises their receive count, exactly as in the AWS console.",
        "Buscar mensagens é um ReceiveMessage de verdade: esconde as mensagens recebidas pelo visibility timeout e aumenta a contagem de recebimentos, como no console da AWS.";
    Peek => "Peek (changes nothing)", "Espiar (não altera nada)";
    PeekNote => "Peek shows every message and its state without receiving it: it changes nothing. The AWS console has no such view: viewing a message there is a receive.",
        "Espiar mostra todas as mensagens e seus estados sem recebê-las: não altera nada. O console da AWS não tem isso: lá, ver uma mensagem é um receive.";
    Purge => "Purge", "Limpar fila";
    PurgeCancel => "Cancel", "Cancelar";
    PurgeAgainAt => "SQS takes one purge per queue every 60 seconds: another is refused until {when}.", "O SQS aceita uma limpeza por fila a cada 60 segundos: outra é recusada até {when}.";
    PurgeConfirm => "To confirm deleting every message in the queue, type purge:", "Para confirmar que todas as mensagens da fila serão apagadas, digite purge:";
    StartRedrive => "Start DLQ redrive", "Iniciar redrive da DLQ (Start DLQ redrive)";
    CancelRedrive => "Cancel redrive", "Cancelar redrive";
    ReceiveCount => "receive count", "contagem de recebimentos";
    VisibleIn => "visible again in", "visível de novo daqui a";
    VisibleAfterDelayIn => "delay: visible in", "atraso: visível daqui a";
    HeldByGroup => "waits: group {group} has a message in flight", "espera: o grupo {group} tem uma mensagem em trânsito";
    Faults => "Break it", "Quebrar";
    ShownOn => "on", "ligado";
    ShownOff => "off", "desligado";
    FaultThrow => "Throw an error at the top of the handler: {error}", "Lançar um erro no início do handler: {error}";
    // Beside the slow call, which a longer Timeout fixes: this one no Timeout fixes
    // (the lab 000 walk could not tell the two apart).
    FaultTimeout => "Hang until the timeout, however long it is", "Travar até o timeout, seja ele qual for";
    FaultThrottle => "Throttle (reserved concurrency 0)", "Limitar (throttle): concorrência reservada 0";
    FaultDeny => "Deny its permission (AccessDenied)", "Negar a permissão (AccessDenied)";
    FaultFraction => "Fail a fraction of invocations", "Falhar uma fração das invocações";
    LogStreams => "Log streams, one per execution environment", "Log streams, um por ambiente de execução";
    FaultSlow => "Wait on a slow downstream call for", "Esperar por uma chamada lenta a outro serviço por";
    FaultSlowSeconds => "seconds, 1 to 900", "segundos, de 1 a 900";
    FaultSlowNote => "Longer than Timeout: the invocation times out. Longer than the queue's visibility timeout: the message comes back while it still runs.", "Mais que o tempo limite: a invocação dá timeout. Mais que o visibility timeout da fila: a mensagem volta enquanto ela ainda roda.";
    FaultSlowTimesOut => "{s} s is at least this function's Timeout ({t} s): every invocation times out.", "{s} s é pelo menos o tempo limite desta função ({t} s): toda invocação dá timeout.";
    FaultSlowInvalid => "Whole seconds, from 1 to 900.", "Segundos inteiros, de 1 a 900.";
    Logs => "Logs", "Logs";
    NoLogs => "No log events yet.", "Nenhum log ainda.";
    TestEvent => "Test this event", "Testar este evento";
    Trace => "Trace", "Rastro";
    Filter => "Filter", "Filtrar";
    Inbox => "E-mail inbox", "Caixa de e-mail";
    NoEmail => "No e-mail yet.", "Nenhum e-mail ainda.";
    Running2 => "running now", "executando agora";
    Close => "Close", "Fechar";
    BackToDiagram => "↑ Diagram", "↑ Diagrama";
    SkipToDiagram => "Skip to the diagram", "Ir para o diagrama";
    Refused => "Refused, nothing changed", "Recusado, nada mudou";
    InvalidJson => "This is not valid JSON", "Isto não é um JSON válido";
    JsonAt => "line {line}, column {column}", "linha {line}, coluna {column}";
    JsonEofValue => "the text ends where a value should come", "o texto acaba onde devia vir um valor";
    JsonEofString => "the text ends inside a string (its closing quote is missing)", "o texto acaba no meio de uma string (faltam as aspas de fechamento)";
    JsonEofObject => "the text ends before the object is closed (a } is missing)", "o texto acaba antes de fechar o objeto (falta })";
    JsonEofList => "the text ends before the list is closed (a ] is missing)", "o texto acaba antes de fechar a lista (falta ])";
    JsonExpectedValue => "a value was expected (a string in double quotes, a number, true, false, null, an object or a list)", "era esperado um valor (string entre aspas, número, true, false, null, objeto ou lista)";
    JsonExpectedCommaBrace => "a , or } was expected", "era esperado , ou }";
    JsonExpectedCommaBracket => "a , or ] was expected", "era esperado , ou ]";
    JsonExpectedColon => "a : was expected", "era esperado :";
    JsonExpectedIdent => "unknown word (only true, false and null are written without quotes)", "palavra desconhecida (só true, false e null vão sem aspas)";
    JsonTrailingCharacters => "there are characters after the end of the JSON", "há caracteres depois do fim do JSON";
    JsonTrailingComma => "a comma is left over before the closing } or ]", "vírgula sobrando antes do } ou ] de fechamento";
    JsonKeyString => "a key must be a string in double quotes", "a chave deve ser uma string entre aspas duplas";
    JsonInvalidEscape => "invalid escape sequence", "sequência de escape inválida";
    JsonInvalidNumber => "invalid number", "número inválido";
    JsonNumberOutOfRange => "number out of range", "número fora do intervalo";
    JsonTooDeep => "nested too deeply", "aninhamento profundo demais";
    JsonControlCharacter => "a control character inside a string (write \\n, \\t…)", "caractere de controle dentro de uma string (use \\n, \\t…)";
    SelectHint => "Click any resource in the diagram to inspect it.", "Clique em qualquer recurso do diagrama para inspecioná-lo.";
    ChangesState => "changes state", "altera o estado";
    Matched => "matches", "corresponde";
    NotMatched => "does not match", "não corresponde";
    Pattern => "Event pattern", "Padrão de eventos";
    Targets => "Targets", "Destinos";
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
    AmountGroupedOtherWay => "Check: {text} is written the Portuguese way, a point between thousands. Write {plain}, or as English does (15,000 · 1499.90).", "Confira: {text} está no formato inglês, com vírgula entre os milhares. Escreva {plain} ou no formato brasileiro (15.000 · 1499,90).";
    AmountInvalid => "The amount must be a non-negative number, like 15,000 or 1499.90.", "O valor deve ser um número não negativo, como 15.000 ou 1499,90.";
    FractionInvalid => "A fraction from 0 to 1 (0.5 or 0,5).", "Uma fração de 0 a 1 (0,5 ou 0.5).";
    SuccessRate => "Success rate (%)", "Taxa de sucesso (%)";
    ScrollForColumns => "More columns to the right: scroll the table sideways →", "Mais colunas à direita: role a tabela para o lado →";
    HiddenColumns => "{n} more attributes are not shown as columns", "mais {n} atributos não aparecem como colunas";
    SuccessRateNote => "The lab's payment code: its chance of charging. At 0 every charge is declined and reported as a batch item failure; the function does not fail.", "O código de pagamento do laboratório: a chance de cobrar. Em 0, toda cobrança é recusada e informada como falha de item do lote; a função não falha.";
    SuccessRateInvalid => "A percentage from 0 to 100.", "Uma porcentagem de 0 a 100.";
    StatAvailable => "available", "disponível";
    StatInFlight => "in flight", "em trânsito";
    StatDelayed => "delayed", "atrasada";
    LegendSent => "sent / delivered", "enviada / entregue";
    LegendReceived => "received", "recebida";
    LegendDlq => "moved to a DLQ", "movida para uma DLQ";
    LegendWritten => "item written to a table", "item gravado na tabela";
    LegendRc => "receive count; its bar = visibility timeout left", "contagem de recebimentos (receive count); a barra = visibility timeout restante";
    LegendRcVisible => "dashed: visible again, waiting for the next receive", "tracejado: visível de novo, à espera do próximo recebimento";
    LegendRcAgain => "received again", "recebida de novo";
    LegendRcLast => "at maxReceiveCount: next receive → DLQ", "no maxReceiveCount: próximo recebimento → DLQ";
    LegendWatch => "an alarm watches a metric (no message goes there)", "um alarme observa uma métrica (nenhuma mensagem vai até ele)";
    NoTable => "This scenario has no DynamoDB table.", "Este cenário não tem tabela DynamoDB.";
    Now => "now", "agora";
    MaxReceiveCountInvalid => "maxReceiveCount is a whole number from 1 to 1000: nothing was sent.", "maxReceiveCount é um número inteiro de 1 a 1000: nada foi enviado.";
    RedriveStatus => "DLQ redrive", "Redrive da DLQ";
    RedriveRunning => "RUNNING", "em andamento (RUNNING)";
    RedriveCompleted => "COMPLETED", "concluído (COMPLETED)";
    RedriveCancelling => "CANCELLING", "cancelando (CANCELLING)";
    RedriveCancelled => "CANCELLED", "cancelado (CANCELLED)";
    RedriveFailed => "FAILED", "falhou (FAILED)";
    From => "from", "de";
    Body => "Body", "Corpo";
    MessageJson => "Message JSON (as ReceiveMessage returns it)", "JSON da mensagem (como o ReceiveMessage devolve)";
    PeekedJson => "Message JSON as it stands (not a receive)", "JSON da mensagem como está (sem recebê-la)";
    PeekedCount => "A ReceiveMessage would return ApproximateReceiveCount + 1: the receive counts itself.", "Um ReceiveMessage devolveria ApproximateReceiveCount + 1: o próprio recebimento entra na contagem.";
    BusHint => "Send events to this bus with the \"Send events\" form under Controls.", "Envie eventos para este bus com o formulário \"Enviar eventos\" em Controles.";
    DenyEventBridge => "deny EventBridge (NO_PERMISSIONS, not retried)", "negar o EventBridge (NO_PERMISSIONS, sem novas tentativas)";
    ThrottleTarget => "throttle (retried with backoff)", "throttle (novas tentativas com backoff)";
    Sent => "Sent", "Enviada";
    Request => "Request", "Requisição";
    Response => "Response", "Resposta";
    Lab => "Reproduces the lab", "Reproduz o laboratório";
    PipeCounts => "filtered out: deleted from the source queue without being processed", "descartadas pelo filtro: apagadas da fila de origem sem processamento";
    NotRunning => "the simulation is not running", "a simulação não está rodando";
    Session => "Session", "Sessão";
    AutosaveIdle => "Saved automatically in this browser as soon as you act.", "Salva automaticamente neste navegador assim que você agir.";
    AutosaveSaved => "Saved in this browser: a reload continues from here.", "Salva neste navegador: recarregar a página continua daqui.";
    AutosaveDisabled => "Autosave is off: this browser gives the page no storage. Export the session to keep it.", "Salvamento automático desligado: este navegador não dá armazenamento à página. Exporte a sessão para guardá-la.";
    AutosaveFull => "Autosave failed: this browser's storage is full. Export the session to keep it.", "O salvamento automático falhou: o armazenamento do navegador está cheio. Exporte a sessão para guardá-la.";
    SimTimeAt => "sim time", "tempo simulado";
    ExportSession => "Export file", "Exportar arquivo";
    TemplateHint => "Open a CloudFormation or SAM template (YAML or JSON) to see its diagram and run it; download the scenario on show as a template that deploys.",
        "Abra um template do CloudFormation ou do SAM (YAML ou JSON) para ver o diagrama e executá-lo; baixe o cenário em tela como um template que pode ser implantado.";
    OpenTemplate => "Open template", "Abrir template";
    DownloadTemplate => "Download as template", "Baixar como template";
    TemplateDeploy => "Deploy it on AWS", "Implantar na AWS";
    TemplateDeployHow => "Its roles have fixed names, so deploying it needs CAPABILITY_NAMED_IAM (and a template over 51,200 bytes needs --s3-bucket too). The stack's Outputs then list each queue's URL and, for each API, its ids and invoke URL (what test commands such as lab 003's need):", "Os roles têm nomes fixos, então a implantação precisa de CAPABILITY_NAMED_IAM (e um template de mais de 51.200 bytes precisa também de --s3-bucket). Depois, os Outputs da pilha trazem a URL de cada fila e, para cada API, seus ids e a URL de invocação (o que comandos de teste como os do laboratório 003 pedem):";
    PasteTemplate => "Or paste a template", "Ou cole um template";
    TemplateText => "Template (YAML or JSON)", "Template (YAML ou JSON)";
    LoadTemplate => "Load template", "Carregar template";
    TemplateRefused => "Template refused, nothing changed", "Template recusado, nada mudou";
    TemplateLoaded => "Running the template", "Executando o template";
    TemplateNoGuide => "A template declares resources only: the guided lab comes with the built-in scenarios (pick one above to get it back).", "Um template declara só recursos: o laboratório guiado vem com os cenários prontos (escolha um acima para tê-lo de volta).";
    TemplateOption => "Template", "Template";
    TemplateBehaviours => "What each function does", "O que cada função faz";
    UnsupportedType => "EventLab does not simulate this resource type", "o EventLab não simula este tipo de recurso";
    FaultFractionValue => "fraction 0 to 1", "fração de 0 a 1";
    TemplateGenericHow => "A function's code is never run here: without Metadata it runs the generic behaviour. To make it act like a lab's function, add Metadata to the function's resource, beside Properties, naming one of EventLab's behaviours with its parameters (a built-in lab's downloaded template shows them):", "O código de uma função nunca é executado aqui: sem Metadata ela executa o comportamento genérico. Para ela agir como a função de um laboratório, acrescente Metadata ao recurso da função, ao lado de Properties, com o nome de um comportamento do EventLab e seus parâmetros (o template baixado de um laboratório pronto os mostra):";
    TemplateBehaviourTypes => "Behaviours", "Comportamentos";
    BehaviourFromMetadata => "EventLab's behaviour of that name, as Metadata: EventLab says", "o comportamento do EventLab com esse nome, como indica Metadata: EventLab";
    BehaviourGeneric => "generic: logs the event it receives and succeeds (its code is not run)", "genérico: registra o evento recebido e termina com sucesso (o código não é executado)";
    BehaviourGenericEnrichment => "generic pipe enrichment: logs the batch it receives and returns it unchanged (its code is not run)", "enriquecimento genérico de pipe: registra o lote recebido e o devolve sem mudanças (o código não é executado)";
    NotSimulated => "Not simulated (listed, the rest runs)", "Não simulado (listado; o resto funciona)";
    ImportSession => "Import file…", "Importar arquivo…";
    ShareLink => "Share link", "Link para compartilhar";
    LinkCopied => "Link copied: it holds every action, so whoever opens it gets this exact run.", "Link copiado: ele contém todas as ações, quem abrir verá exatamente esta execução.";
    LinkReady => "Copy this link: it holds every action, so whoever opens it gets this exact run.", "Copie este link: ele contém todas as ações, quem abrir verá exatamente esta execução.";
    LinkUnavailable => "This browser cannot compress a link: export a file instead.", "Este navegador não consegue comprimir um link: exporte um arquivo.";
    ExportFailed => "The browser refused the download.", "O navegador recusou o download.";
    SessionLoaded => "Session loaded: the same scenario, seed and actions, replayed to the same moment.", "Sessão carregada: o mesmo cenário, semente e ações, reproduzidos até o mesmo momento.";
    SessionDiffers => "This session replays differently in this version of EventLab: its trace hash differs from the one saved.", "Esta sessão se reproduz de outro jeito nesta versão do EventLab: o hash do rastro difere do salvo.";
    SessionRefused => "Refused, nothing changed", "Recusado, nada mudou";
    SessionTooLarge => "the file is larger than 8 MB, too large for a session.", "o arquivo tem mais de 8 MB, grande demais para uma sessão.";
    SessionNotJson => "this is not a session file (not JSON)", "isto não é um arquivo de sessão (não é JSON)";
    SessionForeign => "this JSON is not an EventLab session (no \"format\": \"eventlab-session\").", "este JSON não é uma sessão do EventLab (falta \"format\": \"eventlab-session\").";
    SessionNewer => "a newer EventLab saved this session (format version", "uma versão mais nova do EventLab salvou esta sessão (versão do formato";
    SessionNewerTail => "); this one reads version 1.", "); esta lê a versão 1.";
    SessionUnknownScenario => "this session is for a scenario this EventLab does not have:", "esta sessão é de um cenário que este EventLab não tem:";
    SessionDamaged => "the session file is damaged:", "o arquivo de sessão está danificado:";
    LinkDamaged => "This share link is damaged", "Este link de sessão está danificado";
    WipeConfirm => "Start over", "Recomeçar";
    OpenConfirm => "Open it", "Abrir";
    WipeCancel => "Keep my session", "Manter minha sessão";
    KindQueue => "SQS queue", "Fila SQS";
    // "Barramento EventBridge" was squeezed in its box; the box says EventBridge below.
    KindBus => "EventBridge bus", "Barramento";
    KindRule => "EventBridge rule", "Regra EventBridge";
    KindTopic => "SNS topic", "Tópico SNS";
    FnTimeout => "Timeout", "Tempo limite";
    FnMemory => "Memory", "Memória";
    TimeoutUnderSixTimes => "{queue}'s visibility timeout ({visibility} s) is at least this Timeout, as Lambda requires when a trigger is created, but under the {six} s AWS recommends (6 × Timeout, plus the trigger's MaximumBatchingWindowInSeconds): the extra time lets Lambda retry when the function is throttled, before the batch becomes visible again.", "O visibility timeout de {queue} ({visibility} s) é maior ou igual a este tempo limite, como o Lambda exige ao criar um trigger, mas menor que os {six} s que a AWS recomenda (6 × o tempo limite, mais o MaximumBatchingWindowInSeconds do trigger): o tempo a mais deixa o Lambda tentar de novo quando a função sofre throttling, antes que o lote volte a ficar visível.";
    TimeoutInvalid => "Timeout is a whole number of seconds from 1 to 900 (15 minutes): nothing was sent.", "O tempo limite é um número inteiro de segundos, de 1 a 900 (15 minutos): nada foi enviado.";
    TimeoutOverVisibility => "Longer than {queue}'s visibility timeout ({visibility} s): an invocation that runs past {visibility} s leaves its batch visible again, and another invocation can receive it and process it twice. Lambda checks this pair only when a trigger is created, so a Timeout raised later (or a visibility timeout lowered) is accepted. AWS recommends a visibility timeout of at least 6 × the function's timeout.", "Maior que o visibility timeout de {queue} ({visibility} s): uma invocação que passa de {visibility} s deixa o lote visível de novo, e outra invocação pode recebê-lo e processá-lo duas vezes. O Lambda só confere esse par ao criar um trigger, então um tempo limite aumentado depois (ou um visibility timeout reduzido) é aceito. A AWS recomenda um visibility timeout de pelo menos 6 × o tempo limite da função.";
    FnReserved => "reserved concurrency", "concorrência reservada";
    NoneSet => "none", "nenhuma";
    SqsMetrics => "AWS/SQS metrics", "Métricas AWS/SQS";
    TraceFilterHint => "queue, order, kind…", "fila, pedido, tipo…";
    OneToThousand => "1 to 1000", "de 1 a 1000";
    PausedPoll => "Polling, but time is paused: the poll lasts up to 20 s of simulated time. Press Play, Step or a skip to see its messages.", "Buscando, mas o tempo está pausado: a busca dura até 20 s de tempo simulado. Use Executar, Avançar ou um salto para ver as mensagens.";
    PausedSent => "Sent, but time is paused: press Play, Step or a skip to see it move.", "Enviado, mas o tempo está pausado: use Executar, Avançar ou um salto para ver a mensagem andar.";
    PausedScheduled => "Time is paused: Play, a skip or a step sends them out.", "O tempo está pausado: Executar, um avanço ou um passo os envia.";
    ScenarioNotes => "The scenario's technical notes (in English):", "Notas técnicas do cenário (em inglês):";
    ScenarioNotesTranslated => "The scenario's technical notes:", "Notas técnicas do cenário:";
    KindAlarm => "CloudWatch alarm", "Alarme CloudWatch";
    ChartLatest => "latest", "último valor";
    ChartNoData => "no data yet", "ainda sem dados";
    ChartMinuteNote => "One point per minute, added when the minute ends: the panel's count is live, the chart lags by up to a minute.", "Um ponto por minuto, acrescentado quando o minuto termina: a contagem do painel é ao vivo, o gráfico atrasa até um minuto.";
    CloudWatchMetrics => "CloudWatch metrics (one point a minute, as AWS publishes them)", "Métricas do CloudWatch (um ponto por minuto, como a AWS publica)";
    AlarmState => "State", "Estado";
    AlarmReason => "Reason", "Motivo";
    AlarmCondition => "Condition", "Condição";
    AlarmActionsLabel => "Actions (SNS)", "Ações (SNS)";
    AlarmHistory => "History", "Histórico";
    AlarmNoHistory => "No state change yet: alarms are evaluated at the end of every minute.", "Nenhuma mudança de estado ainda: os alarmes são avaliados ao fim de cada minuto.";
    AlarmEdit => "Edit the alarm (PutMetricAlarm)", "Editar o alarme (PutMetricAlarm)";
    AlarmSave => "Save alarm", "Salvar alarme";
    AlarmNoMetric => "No resource publishes this metric: the alarm stays in INSUFFICIENT_DATA, as on AWS. Check the metric name and the dimension.", "Nenhum recurso publica esta métrica: o alarme fica em INSUFFICIENT_DATA, como na AWS. Confira o nome da métrica e a dimensão.";
    PresenterMode => "Presenter mode", "Modo apresentação";
    PresenterHint => "Full screen for a projector: the diagram in large type, the latest event explained, keys for the whole demo.", "Tela cheia para o projetor: o diagrama em letras grandes, o último evento explicado, atalhos para a demonstração inteira.";
    PresenterLeave => "Leave", "Sair";
    PauseWhen => "Pause when", "Pausar quando";
    BpDlq => "a message moves to a DLQ", "uma mensagem for movida para uma DLQ";
    BpAlarm => "an alarm goes into ALARM", "um alarme entrar em ALARM";
    BpError => "a function fails", "uma função falhar";
    StageBreakOn => "The clock will pause when", "O relógio vai pausar quando";
    StageBreakOff => "The clock will no longer pause when", "O relógio não vai mais pausar quando";
    BpShortDlq => "DLQ", "DLQ";
    BpShortAlarm => "alarm", "alarme";
    BpShortError => "error", "erro";
    HaltDlq => "Paused: a message moved to a DLQ", "Pausado: uma mensagem foi movida para uma DLQ";
    HaltAlarm => "Paused: an alarm went into ALARM", "Pausado: um alarme entrou em ALARM";
    HaltError => "Paused: a function failed", "Pausado: uma função falhou";
    Keys => "Keys", "Atalhos";
    KeysTitle => "Keyboard shortcuts", "Atalhos de teclado";
    KeysNote => "They work on the page and in presenter mode, but not while you type in a field: Esc leaves the field.", "Funcionam na página e no modo apresentação, mas não enquanto você digita em um campo: Esc sai do campo.";
    KeyPresenter => "Enter or leave presenter mode", "Entrar ou sair do modo apresentação";
    KeyEscape => "Close this list, the inspector or the teaching note, else leave presenter mode", "Fechar esta lista, o inspetor ou a nota explicativa, senão sair do modo apresentação";
    KeyPlay => "Play or pause", "Executar ou pausar";
    KeySpeed => "Faster or slower (1× to 1000×)", "Mais rápido ou mais devagar (1× a 1000×)";
    SpeedSlower => "Slower (−)", "Mais devagar (−)";
    SpeedFaster => "Faster (+)", "Mais rápido (+)";
    KeyFault => "Forced error on or off:", "Ligar ou desligar o erro forçado:";
    KeyDecline => "Decline every charge (success rate 0%), or accept them all (100%):", "Recusar toda cobrança (taxa de sucesso 0%) ou aceitar todas (100%):";
    KeyOrder => "Send the lab's order", "Enviar o pedido do laboratório";
    TimelineRewound => "An earlier moment: playing on replays what was recorded; acting from here starts a new future.", "Um momento anterior: executar daqui repete o que foi gravado; agir daqui começa um novo futuro.";
    TimelineNow => "Back to the latest moment", "Voltar ao momento mais recente";
    KeyBack => "Rewind 10 s (the timeline under the diagram goes anywhere back)", "Voltar 10 s (a linha do tempo sob o diagrama volta a qualquer momento)";
    KeyNextStep => "Do, as Show me does (its actions, then its waits), the guided lab's current step:", "Fazer, como o Mostre-me (as ações, depois as esperas), o passo atual do laboratório guiado:";
    KeyRedrive => "Start the DLQ redrive:", "Iniciar o redrive da DLQ:";
    KeyBreak => "Pause on or off when", "Ligar ou desligar a pausa quando";
    KeyInspect => "On the stage: show or hide the inspector over the diagram, on the chosen box (a double click on a box opens it), else on what paused the clock; the e-mails, orders and trace are in its tabs", "No palco: mostrar ou esconder o inspetor sobre o diagrama, na caixa escolhida (um clique duplo numa caixa o abre), senão no que pausou o relógio; e-mails, pedidos e rastro ficam nas abas";
    InspectClose => "Back to the diagram", "Voltar ao diagrama";
    KeyHelp => "Show or hide this list", "Mostrar ou esconder esta lista";
    KeySpace => "Space", "Espaço";
    KeyOr => "or", "ou";
    HotkeysOn => "Single-key shortcuts on (off: only Esc still listens)", "Atalhos de uma tecla ligados (desligados: só o Esc continua valendo)";
    NoTarget => "nothing to act on in this lab", "nada em que agir neste laboratório";
    NoStepLeft => "no step left (the guide is done, or this lab has none)", "nenhum passo (o guia acabou, ou este laboratório não tem um)";
    NothingYet => "Nothing has happened yet: press O to send an order, then Space to play.", "Nada aconteceu ainda: tecle O para enviar um pedido e Espaço para executar.";
    ScheduledPressPlay => "press Space to play and see them go out.", "tecle Espaço para executar e vê-las sair.";
    AlarmQuirk => "A DLQ's NumberOfMessagesSent does not count messages its source queue moves into it: alarm on ApproximateNumberOfMessagesVisible, as here.", "O NumberOfMessagesSent de uma DLQ não conta as mensagens que a fila de origem move para ela: alarme em ApproximateNumberOfMessagesVisible, como aqui.";
    Alarms => "Alarms", "Alarmes";
    AlarmsNone => "No alarms yet: create one below.", "Nenhum alarme ainda: crie um abaixo.";
    AlarmCreate => "Create an alarm (PutMetricAlarm)", "Criar um alarme (PutMetricAlarm)";
    AlarmCreateButton => "Create alarm", "Criar alarme";
    BucketNothingNotified => "Stored, but no event notification matches {key}: nothing runs (see the filters above).", "Gravado, mas nenhuma notificação de evento corresponde a {key}: nada é acionado (veja os filtros acima).";
    FieldNotNumber => "{field} must be a number: \"{text}\" is not one", "{field} precisa ser um número: \"{text}\" não é (decimais com vírgula: 1,5)";
    FieldNotWholeNumber => "{field} must be a whole number: \"{text}\" is not one", "{field} precisa ser um número inteiro: \"{text}\" não é";
    AlarmMetric => "Metric", "Métrica";
    AlarmNameLabel => "AlarmName", "Nome (AlarmName)";
    AlarmNameReplaces => "An alarm has this name: creating replaces its configuration (PutMetricAlarm updates an alarm of the same name, and keeps its state)", "Já existe um alarme com este nome: criar substitui a configuração dele (PutMetricAlarm atualiza o alarme de mesmo nome e mantém o estado)";
    AlarmStatistic => "Statistic", "Estatística (Statistic)";
    AlarmComparison => "ComparisonOperator", "Comparação (ComparisonOperator)";
    AlarmThreshold => "Threshold", "Limite (Threshold)";
    AlarmPeriod => "Period (s)", "Período (Period, s)";
    AlarmEvaluationPeriods => "EvaluationPeriods", "Períodos avaliados (EvaluationPeriods)";
    AlarmDatapoints => "DatapointsToAlarm", "Datapoints para alarmar (DatapointsToAlarm)";
    AlarmTreatMissing => "TreatMissingData", "Dados ausentes (TreatMissingData)";
    AlarmDynamoDbIgnoresMissing => "{treat} (applied as ignore: CloudWatch always ignores missing data of AWS/DynamoDB metrics)", "{treat} (aplicado como ignore: o CloudWatch sempre ignora a falta de dados em métricas AWS/DynamoDB)";
    GuideTitle => "Guided lab", "Laboratório guiado";
    GuideStepOf => "Step {n} of {total}", "Passo {n} de {total}";
    GuideWhy => "Why", "Por quê";
    GuideHint => "Hint", "Dica";
    GuideWhyMore => "Read the whole why ▾", "Ler o porquê inteiro ▾";
    GuideWhyLess => "Shorter ▴", "Mais curto ▴";
    GuideShowMe => "Show me", "Mostre-me";
    KeysColours => "What the dots and chips mean", "O que os pontos e selos significam";
    StageShowMeDid => "Show me (G) did", "Feito por Mostre-me (G)";
    StageFaultDeclines => "F: {f} now declines every charge (success rate 0%)", "F: {f} agora recusa toda cobrança (taxa de sucesso 0%)";
    StageRedriveEmpty => "R: {dlq} holds no message to redrive, so no redrive was started", "R: {dlq} não tem mensagem para o redrive, então nenhum redrive foi iniciado";
    StageFaultCharges => "F: {f} charges again (success rate 100%)", "F: {f} volta a cobrar (taxa de sucesso 100%)";
    StageFaultThrows => "F: {f} now raises {error} on every invocation", "F: {f} agora lança {error} em toda invocação";
    StageNothingBack => "B: there is no earlier moment to go back to (the timeline starts where this page was opened or reset)", "B: não há momento anterior para voltar (a linha do tempo começa onde esta página foi aberta ou reiniciada)";
    StageFaultMended => "F: {f} fixed: it runs its own code again", "F: {f} corrigida: volta a rodar o próprio código";
    StageFaultMendedOthers => "F: {f} no longer raises its error, but another switch in its Break it box is still on", "F: {f} não lança mais o erro, mas outra chave em Quebrar continua ligada";
    StageQuietStep => "Nothing new yet: only silent checks ran, such as an alarm's evaluation every minute.", "Nada novo ainda: só rodaram verificações silenciosas, como a avaliação de um alarme a cada minuto.";
    StageNothingLeft => "Nothing left to happen: no event is scheduled. Press O to send an order.", "Nada mais a acontecer: nenhum evento agendado. Tecle O para enviar um pedido.";
    GuideShowMeNote => "Does this step for you: its actions, then time runs.", "Faz este passo por você: as ações, depois o tempo corre.";
    // "Show me" did the step where a student expected to be shown where to click (the
    // Portuguese walk): the first step says what it does.
    GuideWaiting => "This step ticks itself off when the simulation shows it done. The \"Show me\" button does it for you.", "Este passo se marca sozinho quando a simulação mostrar que ele foi feito. O botão \"Mostre-me\" faz isso por você.";
    GuideShownBy => " by Show me: ", " pelo Mostre-me: ";
    GuideShownWait => "{t} passed", "{t} passados";
    GuideStepDone => "✓ Step {n} done", "✓ Passo {n} concluído";
    GuideAllSteps => "All steps", "Todos os passos";
    GuideFinished => "Lab complete: every step checked.", "Laboratório concluído: todos os passos verificados.";
    GuideNextStage => "Next: the lab's next stage, \"{name}\", has its own guide.", "A seguir: a próxima etapa do laboratório, \"{name}\", tem o próprio guia.";
    GuideOpenNext => "Open “{name}”", "Abrir “{name}”";
    GuideNextScenario => "Next: the fixed architecture, {scenario}, has its own guide.", "A seguir: a arquitetura corrigida, {scenario}, tem o próprio guia.";
    RoleTitle => "Execution role", "Role de execução";
    RoleNote => "Every call this function makes, and every poll of its SQS trigger, is checked against these policies. Remove a statement or mistype an ARN to break the lab; put it back to fix it.", "Cada chamada que esta função faz, e cada busca do seu trigger SQS, é verificada contra estas políticas. Remova uma instrução ou erre um ARN para quebrar o lab; devolva para consertar.";
    PolicyManaged => "AWS managed policy", "Política gerenciada pela AWS";
    PolicyInline => "Inline policy", "Política inline";
    PolicySave => "Save (PutRolePolicy)", "Salvar (PutRolePolicy)";
    PolicyDelete => "Delete (DeleteRolePolicy)", "Apagar (DeleteRolePolicy)";
    PolicyAdd => "Add an inline policy", "Adicionar uma política inline";
    PolicyName => "Policy name", "Nome da política";
    PolicyDocument => "Policy document (JSON)", "Documento da política (JSON)";
    BucketObjects => "Objects", "Objetos";
    BucketNoObjects => "No objects yet: upload a file.", "Nenhum objeto ainda: envie um arquivo.";
    BucketNotifications => "Event notifications", "Notificações de eventos";
    BucketNoNotifications => "No event notifications: a put reaches no one.", "Sem notificações de eventos: um put não chega a ninguém.";
    BucketUpload => "Upload a file (PutObject)", "Enviar um arquivo (PutObject)";
    BucketUploadHint => "Pick or drop a JSON or CSV file, or paste its text below. The object key decides which notification fires (its suffix, its prefix).", "Escolha ou solte um arquivo JSON ou CSV, ou cole o texto abaixo. A chave do objeto decide qual notificação dispara (o sufixo, o prefixo).";
    BucketKey => "Object key", "Chave do objeto";
    BucketBody => "Contents", "Conteúdo";
    BucketPut => "Upload (PutObject)", "Enviar (PutObject)";
    BucketPick => "Choose a file…", "Escolher um arquivo…";
    BucketFileTooBig => "This file is larger than 1 MB: the simulator keeps objects in memory.", "Este arquivo tem mais de 1 MB: o simulador guarda os objetos na memória.";
    ObjectSize => "Size", "Tamanho";
    ObjectModified => "Last modified", "Última modificação";
    TriggerProblem => "The SQS trigger cannot read its queue", "O trigger SQS não consegue ler a fila";
    WhyTakenShort => "delivered by {pipe} to {target}: {functions} never sees it, so this status stays", "entregue por {pipe} a {target}: {functions} nunca o vê, então este status fica assim";
    WhyTaken => "{pipe} received this order's message from {queue}, which {functions} also polls. SQS gives each message to one consumer at a time: the pipe got this one, its filter kept it and it was delivered to {target}. {functions} never saw it, so this order's status will not change. This is how AWS behaves; the fix is one queue per consumer.", "{pipe} recebeu a mensagem deste pedido de {queue}, que {functions} também lê. O SQS entrega cada mensagem a um consumidor por vez: o pipe ficou com esta, o filtro a manteve e ela foi entregue a {target}. {functions} nunca a viu, então o status deste pedido não vai mudar. É assim que a AWS funciona; a correção é uma fila por consumidor.";
    WhyPipeShort => "taken by {pipe}: never reached {functions}", "levado por {pipe}: nunca chegou a {functions}";
    WhyPipe => "{pipe} received this order's message from {queue}, which {functions} also polls. SQS gives each message to one consumer at a time, and a pipe deletes the messages its filter drops: this order did not match the filter, so it was deleted without reaching {functions}, and its status will not change. This is how AWS behaves, not a simulator fault; the fix is one queue per consumer.", "{pipe} recebeu a mensagem deste pedido de {queue}, que {functions} também lê. O SQS entrega cada mensagem a um consumidor por vez, e um pipe apaga as mensagens que o filtro descarta: este pedido não passou no filtro, então foi apagado sem chegar a {functions}, e o status não vai mudar. É assim que a AWS funciona, não um defeito do simulador; a correção é uma fila por consumidor.";
    WhyTakenShortAfter => "taken by {pipe} to {target} after {receives} that failed in {functions}", "levado por {pipe} para {target} depois de {receives} sem sucesso em {functions}";
    WhyTakenAfter => "{functions} received this order's message {times} from {queue} without deleting it: each time the function failed, and the message came back after its visibility timeout. {pipe} also polls {queue}, and SQS gives each message to one consumer at a time: on a later receive the pipe got it, its filter kept it and it was delivered to {target}. {functions} will not see it again, so this order's status will not change. This is how AWS behaves; the fix is one queue per consumer.", "{functions} recebeu a mensagem deste pedido {times} de {queue} sem apagá-la: a cada vez a função falhou, e a mensagem voltou depois do visibility timeout. {pipe} também lê {queue}, e o SQS entrega cada mensagem a um consumidor por vez: num recebimento seguinte o pipe ficou com ela, o filtro a manteve e ela foi entregue a {target}. {functions} não vai vê-la de novo, então o status deste pedido não vai mudar. É assim que a AWS funciona; a correção é uma fila por consumidor.";
    WhyPipeShortAfter => "deleted by {pipe}'s filter after {receives} that failed in {functions}", "apagado pelo filtro de {pipe} depois de {receives} sem sucesso em {functions}";
    WhyPipeAfter => "{functions} received this order's message {times} from {queue} without deleting it: each time the function failed, and the message came back after its visibility timeout. {pipe} also polls {queue}, and SQS gives each message to one consumer at a time: on a later receive the pipe got it, its filter dropped it, and a pipe deletes what its filter drops. So it was deleted before a receive past maxReceiveCount could move it to the DLQ: nothing in the DLQ, no alarm, and this order's status will not change. This is how AWS behaves, not a simulator fault; the fix is one queue per consumer.", "{functions} recebeu a mensagem deste pedido {times} de {queue} sem apagá-la: a cada vez a função falhou, e a mensagem voltou depois do visibility timeout. {pipe} também lê {queue}, e o SQS entrega cada mensagem a um consumidor por vez: num recebimento seguinte o pipe ficou com ela, o filtro a descartou, e um pipe apaga o que o filtro descarta. Por isso ela foi apagada antes que um recebimento além do maxReceiveCount a levasse para a DLQ: nada na DLQ, nenhum alarme, e o status deste pedido não vai mudar. É assim que a AWS funciona, não um defeito do simulador; a correção é uma fila por consumidor.";
    WhyDlqShort => "in {dlq} after {receives} that failed in {function}", "em {dlq} depois de {receives} sem sucesso em {function}";
    WhyDlq => "{function} received this order's message {times} from {queue} and each time it failed ({error}), so it was never deleted: after maxReceiveCount receives SQS moved it to {dlq}. The order keeps the status its last write gave it. The message waits in {dlq}: a redrive sends it back to {queue}, and if the cause is in the message itself, it fails again and comes back.", "{function} recebeu a mensagem deste pedido {times} de {queue} e falhou em cada uma ({error}), então ela nunca foi apagada: depois de maxReceiveCount recebimentos, o SQS a moveu para {dlq}. O pedido fica com o status que a última gravação deu. A mensagem espera em {dlq}: um redrive a devolve para {queue} e, se a causa está na própria mensagem, ela falha de novo e volta.";
    WhyBatchShort => "its whole batch of {n} failed", "o lote inteiro de {n} falhou";
    WhyBatch => "{function} received this order's message in a batch of {n} and raised an error on the batch ({error}). Without ReportBatchItemFailures, Lambda returns the whole batch to {queue}: every message in it is retried, the good ones with the bad. Orders sent together (for example while time was paused) arrive in one batch, up to the trigger's BatchSize.", "{function} recebeu a mensagem deste pedido num lote de {n} e lançou um erro no lote ({error}). Sem ReportBatchItemFailures, o Lambda devolve o lote inteiro a {queue}: todas as mensagens são tentadas de novo, as boas junto com a ruim. Pedidos enviados juntos (por exemplo, com o tempo pausado) chegam num único lote, até o BatchSize do trigger.";
    WhyBatchReported => "{function} received this order's message in a batch of {n} and raised an error on the batch ({error}). An exception fails the whole batch, even with ReportBatchItemFailures on: Lambda returns every message of it to {queue}, the good ones with the bad. Only a batchItemFailures list the function returns retries just the messages it names.", "{function} recebeu a mensagem deste pedido num lote de {n} e lançou um erro no lote ({error}). Uma exceção faz o lote inteiro falhar, mesmo com ReportBatchItemFailures ligado: o Lambda devolve todas as mensagens a {queue}, as boas junto com a ruim. Só uma lista batchItemFailures devolvida pela função faz tentar de novo apenas as mensagens que ela nomeia.";
    WhyBatchDlq => "After maxReceiveCount receives it was moved to {dlq} with the rest of its batch.", "Depois de maxReceiveCount recebimentos, foi movida para {dlq} com o resto do lote.";
    PipeCompetes => "{pipe} and the SQS trigger of {functions} both poll {queue}: each message goes to one of them. The pipe deletes what its filter drops, so those orders leave the queue without {functions} processing them, and stay as they are ({n} so far).", "{pipe} e o trigger SQS de {functions} leem a mesma fila {queue}: cada mensagem vai para um deles. O pipe apaga o que o filtro descarta, então esses pedidos saem da fila sem que {functions} os processe, e ficam como estão ({n} até agora).";
    YourName => "Your name", "Seu nome";
    YourNameHint => "Goes instead of -{placeholder} on every resource, as the lab asks", "Vai no lugar de -{placeholder} em todos os recursos, como o laboratório pede";
    YourNameInvalid => "Use 1 to 20 lower-case letters, digits and single hyphens (as in maria-silva): S3 bucket names allow nothing else.", "Use de 1 a 20 letras minúsculas, dígitos e hífens simples (como maria-silva): nomes de bucket S3 não aceitam outra coisa.";
    Triggers => "Triggers (event source mappings): each one's settings, as GetEventSourceMapping answers", "Triggers (event source mappings): as configurações de cada um, como o GetEventSourceMapping responde";
    EsmTitle => "Failure handling (as the console's Edit trigger)", "Tratamento de falhas (como em \"Edit trigger\" no console)";
    EsmRetriesNote => "-1 retries a failing batch until its records expire (the default: the shard waits). 0 to 10000: retried that many more times, then skipped, and its records are lost (an OnFailure destination would keep a note of them)", "-1 tenta de novo um lote que falha até os registros expirarem (o padrão: o shard espera). De 0 a 10000: tenta de novo esse número de vezes e depois pula o lote, e os registros dele se perdem (um destino OnFailure guardaria um aviso deles)";
    EsmRetriesInvalid => "A whole number from -1 to 10000.", "Um número inteiro de -1 a 10000.";
    EsmBisectNote => "split a failing batch in two and retry each half (a split is not counted as a retry)", "divide um lote que falha em dois e tenta cada metade (a divisão não conta como nova tentativa)";
    EsmSave => "Save (UpdateEventSourceMapping)", "Salvar (UpdateEventSourceMapping)";
    TriggerSource => "Source", "Origem";
    EnvVars => "Environment variables", "Variáveis de ambiente";
    DeleteMessage => "Delete", "Excluir";
    Deleted => "deleted", "excluída";
    // IAM is eventually consistent in AWS (IAM User Guide, "Troubleshoot IAM": changes
    // that I make are not always immediately visible); the simulator applies at once.
    PolicyNamedNowhere => "No resource in this lab has the ARN {arn}. IAM saves a policy as written, without checking that its resources exist, so calls on the resource you meant stay denied.", "Nenhum recurso deste lab tem o ARN {arn}. O IAM salva a política como está escrita, sem verificar se os recursos existem, então as chamadas ao recurso que você quis indicar continuam negadas.";
    PolicyClosestArn => "Did you mean {arn}?", "Você quis dizer {arn}?";
    PolicySaved => "saved (PutRolePolicy). Here the next call uses it; in AWS, IAM is eventually consistent and a change can take a moment to reach every call.", "salva (PutRolePolicy). Aqui a próxima chamada já a usa; na AWS o IAM é eventualmente consistente e a mudança pode levar um momento para valer em todas as chamadas.";
    PolicyDeleted => "deleted (DeleteRolePolicy). From the next call, what only it allowed is denied: the call fails for lack of permission (in AWS, after a moment: IAM is eventually consistent).", "excluída (DeleteRolePolicy). A partir da próxima chamada, o que só ela permitia é negado: a chamada falha por falta de permissão (na AWS, depois de um momento: o IAM é eventualmente consistente).";
    DeleteKept => "succeeded, but the message was not deleted: this receipt handle is from an earlier receive, and only the handle of the latest receive deletes. The message stays in the queue and will be received again.", "aceito, mas a mensagem não foi excluída: este receipt handle é de um recebimento anterior, e só o handle do último recebimento exclui. A mensagem continua na fila e será recebida de novo.";
    TestTitle => "Test", "Testar";
    TestHint => "— invoke the function with an event, as the Lambda console's Test tab does (Invoke, RequestResponse)", "— invocar a função com um evento, como a aba Test do console do Lambda (Invoke, RequestResponse)";
    TestEventJson => "Event JSON", "JSON do evento";
    TestButton => "Test", "Testar";
    TestResult => "Execution result", "Resultado da execução";
    EnvKey => "Key", "Chave";
    EnvValue => "Value", "Valor";
    TestStartedAt => "invoked at sim time {t}", "invocada no tempo simulado {t}";
    TestRunning => "Running (RequestId {id}): the response comes when the function's duration has passed in sim time. If time is paused, press Play, Step or a skip.", "Executando (RequestId {id}): a resposta chega quando a duração da função passar no tempo simulado. Se o tempo estiver pausado, use Executar, Avançar ou um salto.";
    TestSucceeded => "Succeeded", "Sucesso";
    TestFailed => "Failed", "Falhou";
    TestResponse => "Response", "Resposta";
    TestRaisedNote => "The function raised an exception: this is what Lambda's Python runtime answers on AWS, errorType and errorMessage in Python's own words. The log below shows how far the code got. A console Test is a synchronous invocation: the error comes back to you, and nothing is retried or sent to a dead-letter queue (a queue's redrive applies to messages its trigger receives; a function's DLQ or OnFailure destination to asynchronous invocations).", "A função lançou uma exceção: é o que o runtime Python do Lambda responde na AWS, com errorType e errorMessage nas palavras do próprio Python. O log abaixo mostra até onde o código chegou. Um teste no console é uma invocação síncrona: o erro volta para você, e nada é tentado de novo nem vai para uma fila de mensagens mortas (o redrive de uma fila vale para mensagens que o trigger recebe; a DLQ ou o destino OnFailure de uma função, para invocações assíncronas).";
    TestTimedOutNote => "The function ran past its Timeout and Lambda stopped it (Sandbox.Timedout): the code raised nothing, so there is no stackTrace, and the log below ends where the code was when it was stopped. A console Test is a synchronous invocation: the error comes back to you, and nothing is retried.", "A função passou do seu Timeout e o Lambda a interrompeu (Sandbox.Timedout): o código não lançou nada, então não há stackTrace, e o log abaixo termina onde o código estava quando foi interrompido. Um teste no console é uma invocação síncrona: o erro volta para você, e nada é tentado de novo.";
    TestHttpErrorNote => "The function ended without an error: {code} is the HTTP answer it returned for API Gateway to send.", "A função terminou sem erro: {code} é a resposta HTTP que ela devolveu para o API Gateway enviar.";
    TestEscapesNote => "Python's json.dumps writes accents as escapes such as \\u00e7 (ensure_ascii): a client that reads the JSON sees “ç”.", "O json.dumps do Python escreve acentos como \\u00e7 (ensure_ascii): quem lê o JSON vê “ç”.";
    TestLogs => "Function Logs", "Logs da função";
    OpenFixedVariant => "Open the fixed architecture", "Abrir a arquitetura corrigida";
    MomentBatchTitle => "One error failed the whole batch.", "Um erro derrubou o lote inteiro.";
    MomentBatch => "{res} raised an error on a batch of several messages: without ReportBatchItemFailures the whole batch returns to the queue, even the orders the function could have processed, and while they keep arriving in one batch they reach the DLQ together. (If the function itself is broken, as with the forced error, every order fails anyway.) Orders sent together (for example while time was paused) arrive in one batch.", "{res} lançou um erro num lote de várias mensagens: sem ReportBatchItemFailures o lote inteiro volta à fila, até os pedidos que a função conseguiria processar, e, enquanto continuarem chegando no mesmo lote, vão juntos para a DLQ. (Se a própria função está quebrada, como com o erro forçado, todo pedido falha de qualquer jeito.) Pedidos enviados juntos (por exemplo, com o tempo pausado) chegam num único lote.";
    // Said only where there is an Orders tab (the SQS guide has no table, and its walk
    // looked for one).
    MomentBatchOrders => "Each order says so in the Orders tab.", "Cada pedido diz isso na aba Pedidos.";
    MomentBatchReported => "{res} raised an error on a batch of several messages: an exception fails the whole batch even with ReportBatchItemFailures on, so every message of it returns to the queue, the orders the function could have processed too; only a batchItemFailures list the function returns sends back just some. Orders sent together (for example while time was paused) arrive in one batch.", "{res} lançou um erro num lote de várias mensagens: uma exceção derruba o lote inteiro mesmo com ReportBatchItemFailures ligado, então todas as mensagens dele voltam à fila, até os pedidos que a função conseguiria processar; só uma lista batchItemFailures devolvida pela função manda de volta apenas algumas. Pedidos enviados juntos (por exemplo, com o tempo pausado) chegam num único lote.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_agree_with_their_number() {
        assert_eq!(plural(Lang::En, Plural::Actions, 1), "1 action");
        assert_eq!(plural(Lang::En, Plural::Actions, 0), "0 actions");
        assert_eq!(plural(Lang::Pt, Plural::Actions, 1), "1 ação");
        assert_eq!(plural(Lang::Pt, Plural::Actions, 2), "2 ações");
        assert_eq!(plural(Lang::Pt, Plural::Requests, 0), "0 requisições");
        assert_eq!(plural(Lang::Pt, Plural::StatInvocations, 1), "invocação");
        assert_eq!(plural(Lang::Pt, Plural::StatInvocations, 3), "invocações");
        for lang in [Lang::En, Lang::Pt] {
            // Both forms show the number, or neither does (a count's label).
            for (one, many) in all_plural_forms(lang) {
                assert_eq!(one.contains("{n}"), many.contains("{n}"), "{one} / {many}");
            }
            assert!(all_strings(lang).iter().all(|s| !s.is_empty()));
        }
    }

    #[test]
    fn json_errors_in_portuguese_keep_line_and_column() {
        let err = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap_err();
        assert_eq!(
            json_error(Lang::Pt, &err("{\"a\": ")),
            "Isto não é um JSON válido: o texto acaba onde devia vir um valor (linha 1, coluna 6)"
        );
        assert_eq!(
            json_error(Lang::Pt, &err("{} x")),
            "Isto não é um JSON válido: há caracteres depois do fim do JSON (linha 1, coluna 4)"
        );
        assert_eq!(
            json_error(Lang::Pt, &err("{a: 1}")),
            "Isto não é um JSON válido: a chave deve ser uma string entre aspas duplas (linha 1, coluna 2)"
        );
        assert!(json_error(Lang::Pt, &err("[1,]")).contains("vírgula sobrando"));
        assert!(json_error(Lang::Pt, &err("nul")).contains("linha 1"));
        assert_eq!(
            json_error(Lang::En, &err("x")),
            "This is not valid JSON: a value was expected (a string in double quotes, a number, true, false, null, an object or a list) (line 1, column 1)"
        );
        assert_eq!(
            json_error(Lang::En, &err("{\"a\": 1")),
            "This is not valid JSON: the text ends before the object is closed (a } is missing) (line 1, column 7)"
        );
        // Cut after a newline: serde_json's column 0 is an editor's column 1.
        let cut = err("{\n  \"a\": 1\n");
        assert_eq!(cut.column(), 0);
        assert!(json_error(Lang::Pt, &cut).ends_with("(linha 3, coluna 1)"));
        assert!(json_error(Lang::En, &cut).ends_with("(line 3, column 1)"));
    }

    #[test]
    fn the_browsers_first_language_the_app_speaks_wins() {
        let langs = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(Lang::from_browser(&langs(&["pt-BR", "en"])), Some(Lang::Pt));
        assert_eq!(
            Lang::from_browser(&langs(&["de-DE", "pt", "en"])),
            Some(Lang::Pt)
        );
        assert_eq!(
            Lang::from_browser(&langs(&["en-GB", "pt-BR"])),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_browser(&langs(&["de"])), None);
    }
}
