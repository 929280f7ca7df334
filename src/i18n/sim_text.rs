//! The simulation's own sentences (trace entries, the per-order timeline, rule-match
//! explanations), which the core writes in English, in the learner's language. Each
//! entry is an English template and its Portuguese; `{}` stands for a part (a name, a
//! number, a clause) that is itself translated when a template fits it, and kept as
//! it is otherwise (AWS's names, ids, JSON). A sentence no template fits is shown in
//! English; the native test runs every scenario with random actions and faults and
//! fails on any such sentence.

use super::Lang;

/// English template, Portuguese template: the same `{}` parts in the same order.
const TEMPLATES: &[(&str, &str)] = &[
    // Messages
    ("received by {}: receive count {}; hidden for the {} visibility timeout", "recebida por {}: contagem de recebimentos {}; invisível pelo visibility timeout de {}"),
    ("{} of maxReceiveCount {}", "{} de maxReceiveCount {}"),
    ("visibility timeout expired without a delete, while the invocation that received it still runs: visible again (receive count {})", "o visibility timeout expirou sem que a mensagem fosse apagada (DeleteMessage), enquanto a invocação que a recebeu ainda roda: visível de novo (contagem de recebimentos {})"),
    ("visibility timeout expired without a delete: visible again (receive count {})", "o visibility timeout expirou sem que a mensagem fosse apagada (DeleteMessage): visível de novo (contagem de recebimentos {})"),
    ("receive count {} reached maxReceiveCount {}, so the next receive moved it to {}", "contagem de recebimentos {} atingiu maxReceiveCount {}, então o recebimento seguinte moveu a mensagem para {}"),
    ("deleted by {}, but one stored copy missed the delete: delivered again after its visibility timeout (standard queues are at-least-once)", "mensagem apagada por {}, mas uma cópia guardada não foi apagada: será entregue de novo depois do visibility timeout (filas padrão entregam pelo menos uma vez)"),
    ("deleted by {}", "mensagem apagada por {}"),
    ("DeleteMessage succeeded but deleted nothing: the receipt handle is from an earlier receive, and only the latest receive's handle deletes; the message is in flight and comes back when its visibility timeout expires", "DeleteMessage foi aceito, mas não apagou nada: o receipt handle é de um recebimento anterior, e só o handle do último recebimento apaga; a mensagem está em trânsito e volta quando o visibility timeout expirar"),
    ("DeleteMessage succeeded but deleted nothing: the receipt handle is from an earlier receive, and only the latest receive's handle deletes; the message is still in the queue", "DeleteMessage foi aceito, mas não apagou nada: o receipt handle é de um recebimento anterior, e só o handle do último recebimento apaga; a mensagem continua na fila"),
    ("delivered to {} subscription {}", "entregue à assinatura {} {}"),
    // A redrive without a destination, where a trace row says where things went.
    ("{} → each message's source queue", "{} → a fila de origem de cada mensagem"),
    ("learner → {}", "você → {}"),
    ("scenario → {}", "cenário → {}"),
    ("client → {}", "cliente → {}"),
    ("{} → client", "{} → cliente"),
    ("delivered to {}", "entregue a {}"),
    ("matched the pipe's filter: delivered to {}", "passou pelo filtro do pipe: entregue a {}"),
    ("sent to {}", "enviada a {}"),
    ("sent by {}; delayed {} (DelaySeconds)", "enviada por {}; atrasada {} (DelaySeconds)"),
    ("sent by {}", "enviada por {}"),
    ("learner", "você"),
    ("scenario", "cenário"),
    ("console poll", "busca no console"),
    ("Lambda async queue", "fila assíncrona do Lambda"),
    ("MessageRetentionPeriod ({} s) over since it was first sent: deleted by SQS", "passou o MessageRetentionPeriod ({} s) desde o primeiro envio: a mensagem foi apagada pelo SQS"),
    ("MessageRetentionPeriod ({} s) over since it was moved to this dead-letter queue: deleted by SQS", "passou o MessageRetentionPeriod ({} s) desde que foi movida para esta DLQ: a mensagem foi apagada pelo SQS"),
    ("delay over: now visible", "atraso terminado: agora visível"),
    ("same deduplication id within 5 minutes: accepted, not delivered (FIFO exactly-once)", "mesmo ID de desduplicação em 5 minutos: aceita, não entregue (FIFO exactly-once)"),
    ("same deduplication id within 5 minutes: accepted, not delivered (FIFO topic)", "mesmo ID de desduplicação em 5 minutos: aceita, não entregue (tópico FIFO)"),
    ("batch of {} not deleted{}: visible again in {} when the visibility timeout expires", "lote de {} não apagado{}: visível de novo em {} quando o visibility timeout expirar"),
    ("batch of {} failed{}; nothing returns to {}: its messages already left that queue (moved to its DLQ, or deleted)", "lote de {} falhou{}; nada volta para {}: as mensagens dele já saíram dessa fila (movidas para a DLQ ou apagadas)"),
    ("batch of {} not deleted{}: {} of its messages visible again in {} when the visibility timeout expires; the others already left that queue", "lote de {} não apagado{}: {} das mensagens dele visível(is) de novo em {} quando o visibility timeout expirar; as demais já saíram dessa fila"),
    (" (an exception fails the whole batch even with ReportBatchItemFailures)", " (uma exceção falha o lote inteiro, mesmo com ReportBatchItemFailures)"),
    ("reported its whole batch as failed (batchItemFailures lists every message): the batch returns to {} after the visibility timeout; nothing was deleted", "informou o lote inteiro como falha (batchItemFailures lista todas as mensagens): o lote volta a {} depois do visibility timeout; nada foi apagado"),
    ("reported {} batch item failure(s), but the function's role may not call sqs:DeleteMessage: the whole batch returns to {} after the visibility timeout", "informou {} falha(s) de item do lote, mas a role da função não pode chamar sqs:DeleteMessage: o lote inteiro volta a {} depois do visibility timeout"),
    ("reported 1 batch item failure(s): only those return to {} after the visibility timeout; the rest were deleted", "informou 1 falha de item do lote: só esse item volta a {} depois do visibility timeout; os demais foram apagados"),
    ("reported {} batch item failure(s): only those return to {} after the visibility timeout; the rest were deleted", "informou {} falha(s) de item do lote: só esses voltam a {} depois do visibility timeout; os demais foram apagados"),
    ("{}: the whole batch of {} returns to {} after the visibility timeout", "{}: o lote inteiro de {} volta a {} depois do visibility timeout"),
    ("batch entry {} failed: {}", "a entrada {} do lote falhou: {}"),
    ("ChangeMessageVisibility: hidden for {} s from now (the next receive uses the queue's default again)", "ChangeMessageVisibility: invisível por {} s a partir de agora (o próximo receive volta a usar o padrão da fila)"),
    ("PurgeQueue deleted 1 messages", "PurgeQueue apagou 1 mensagem"),
    ("DLQ redrive started: 1 messages to move at up to {} per second", "redrive da DLQ iniciado: 1 mensagem a mover, até {} por segundo"),
    ("DLQ redrive completed: 1 messages moved", "redrive da DLQ concluído: 1 mensagem movida"),
    ("DLQ redrive cancelled after moving 1 messages", "redrive da DLQ cancelado depois de mover 1 mensagem"),
    ("PurgeQueue deleted {} messages", "PurgeQueue apagou {} mensagens"),
    ("DLQ redrive started: {} messages to move at up to {} per second", "redrive da DLQ iniciado: {} mensagens a mover, até {} por segundo"),
    ("DLQ redrive completed: {} messages moved", "redrive da DLQ concluído: {} mensagens movidas"),
    ("DLQ redrive cancelled after moving {} messages", "redrive da DLQ cancelado depois de mover {} mensagens"),
    ("redriven to {} as a new message (was {}): receive count back to {}", "devolvida a {} como nova mensagem (era {}): contagem de recebimentos volta a {}"),
    ("SetQueueAttributes {}", "SetQueueAttributes {}"),
    // Lambda
    ("invoked {} (cold start, Init Duration {})", "invocada {} (cold start, Init Duration {})"),
    ("invoked {}", "invocada {}"),
    ("with a batch of {} message(s)", "com um lote de {} mensagem(ns)"),
    ("with {} stream record(s) ({})", "com {} registro(s) do stream ({})"),
    ("synchronously by API Gateway", "de forma síncrona pelo API Gateway"),
    ("asynchronously", "de forma assíncrona"),
    ("synchronously by a pipe, to enrich its batch", "de forma síncrona por um pipe, para enriquecer o lote"),
    ("synchronously by a pipe, with its batch", "de forma síncrona por um pipe, com o lote"),
    ("target {} failed: the batch returns to the source", "o destino {} falhou: o lote volta para a origem"),
    ("target {} unreachable: the batch returns to the source queue", "destino {} inalcançável: o lote volta para a fila de origem"),
    ("synchronously", "de forma síncrona"),
    ("succeeded in {} (+ {} init, cold start)", "terminou com sucesso em {} (+ {} de init, cold start)"),
    ("succeeded in {}", "terminou com sucesso em {}"),
    ("queued for asynchronous invocation (202 Accepted)", "na fila para invocação assíncrona (202 Accepted)"),
    ("asynchronous invocation failed ({}): Lambda retries in {} (attempt {} of {})", "a invocação assíncrona falhou ({}): o Lambda tenta de novo em {} (tentativa {} de {})"),
    ("{} after {} attempt(s) and no OnFailure destination or DLQ: the event is dropped", "{} depois de {} tentativa(s) e sem destino OnFailure nem DLQ: o evento é descartado"),
    ("{} after {} attempt(s): {} record(s) skipped so the shard can move on", "{} depois de {} tentativa(s): {} registro(s) pulado(s) para o shard seguir"),
    ("{} destination: invocation record sent to {}", "destino {}: registro da invocação enviado a {}"),
    ("{}: batch retried in {} (attempt {}); nothing behind it in the shard is processed until it succeeds or expires", "{}: lote será tentado de novo daqui a {} (tentativa {}); nada atrás dele no shard é processado até ele dar certo ou expirar"),
    ("{}: batch split in half and retried in {} (BisectBatchOnFunctionError: a split is not a retry); nothing behind it in the shard is processed until it succeeds or expires", "{}: lote dividido ao meio e tentado de novo daqui a {} (BisectBatchOnFunctionError: a divisão não conta como nova tentativa); nada atrás dele no shard é processado até ele dar certo ou expirar"),
    ("reserved concurrency is {}", "a concorrência reservada é {}"),
    ("{}: ValidationError: The specified value for policyName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_- (\"{}\": 1 to 128 letters without accents, digits or +=,.@_-)", "{}: ValidationError: o nome da política (policyName) é inválido: use de 1 a 128 letras sem acento, dígitos ou +=,.@_-, sem espaços (\"{}\")"),
    ("UpdateFunctionConfiguration applied", "UpdateFunctionConfiguration aplicado"),
    ("UpdateEventSourceMapping {} applied: MaximumRetryAttempts {}, BisectBatchOnFunctionError {}", "UpdateEventSourceMapping {} aplicado: MaximumRetryAttempts {}, BisectBatchOnFunctionError {}"),
    // A switch's value after its sentence: the sentence is looked up alone.
    ("fault ON: {} ({} s)", "falha ligada: {} ({} s)"),
    ("fault ON: {} ({}‰)", "falha ligada: {} ({}‰)"),
    ("fault ON: {}{}", "falha ligada: {}{}"),
    ("fault OFF (fixed); it was: {}{}", "falha desligada (corrigida); era: {}{}"),
    ("target fault ON: {}", "falha no destino ligada: {}"),
    ("target fault OFF (fixed); it was: {}", "falha no destino desligada (corrigida); era: {}"),
    ("raise {}(\"{}\") at the top of lambda_handler", "raise {}(\"{}\") no início do lambda_handler"),
    ("the handler runs past the function timeout", "o handler passa do timeout da função"),
    ("reserved concurrency 0: every invocation is throttled", "concorrência reservada 0: toda invocação sofre throttle"),
    ("the execution role loses its permission on the table and queue it writes to", "a execution role perde a permissão na tabela e na fila em que escreve"),
    ("a fraction of invocations fail", "uma fração das invocações falha"),
    ("every invocation first waits on a slow downstream call", "toda invocação espera antes por uma chamada lenta a outro serviço"),
    ("the target's resource policy no longer lets EventBridge in (NO_PERMISSIONS, not retried)", "a resource policy do destino não deixa mais o EventBridge entrar (NO_PERMISSIONS, sem novas tentativas)"),
    ("the target throttles deliveries (THROTTLING, retried with backoff)", "o destino limita as entregas (THROTTLING, novas tentativas com backoff)"),
    // EventBridge, SNS, Pipes
    ("rule {} matched: {} target(s)", "a regra {} correspondeu ao evento: {} destino(s)"),
    ("{} put on {}", "{} publicado em {}"),
    ("no rule on this bus matched: the event goes nowhere", "nenhuma regra deste bus correspondeu ao evento: ele não vai a lugar nenhum"),
    ("PutEvents entry refused: {}: {}", "entrada do PutEvents recusada: {}: {}"),
    ("{}: EventBridge retries in {} (retry {} of at most {})", "{}: o EventBridge tenta de novo em {} (tentativa {} de no máximo {})"),
    ("{}: {} ({}); no dead-letter queue on this target, so the event is dropped silently", "{}: {} ({}); sem dead-letter queue neste destino, o evento é descartado em silêncio"),
    ("{}: {} ({}); the dead-letter queue {} is unusable, so the event is dropped", "{}: {} ({}); a dead-letter queue {} está inutilizável, o evento é descartado"),
    ("EventBridge is not authorized to send to {}: its resource policy does not allow events.amazonaws.com", "o EventBridge não tem permissão para enviar a {}: a resource policy não permite events.amazonaws.com"),
    ("SNS is not authorized to send to {}: its resource policy does not allow sns.amazonaws.com", "o SNS não tem permissão para enviar a {}: a resource policy não permite sns.amazonaws.com"),
    ("API Gateway is not authorized to send to {}: its resource policy does not allow apigateway.amazonaws.com", "o API Gateway não tem permissão para enviar a {}: a resource policy não permite apigateway.amazonaws.com"),
    ("{}: no subscription DLQ, the message is lost for it", "{}: sem DLQ na assinatura, a mensagem se perde para ela"),
    ("{}: sent to the subscription's dead-letter queue", "{}: enviada à dead-letter queue da assinatura"),
    ("{} destination: {} could not take the invocation record (a FIFO queue or topic is not a supported destination)", "destino {}: {} não pôde receber o registro da invocação (uma fila ou um tópico FIFO não é um destino aceito)"),
    ("{} destination: {} could not take the invocation record", "destino {}: {} não pôde receber o registro da invocação"),
    ("{}: the subscription's dead-letter queue refused it, so the message is lost for it", "{}: a dead-letter queue da assinatura a recusou, então a mensagem se perde para ela"),
    ("{} endpoint {} unreachable", "endpoint {} {} inacessível"),
    ("not retried", "sem novas tentativas"),
    ("delivered: Lambda accepted the event (asynchronous invocation; Lambda's own retries apply from here)", "entregue: o Lambda aceitou o evento (invocação assíncrona; daqui em diante valem as novas tentativas do próprio Lambda)"),
    ("published to {}: {} subscription(s)", "publicada em {}: {} assinatura(s)"),
    ("filter policy does not match: not delivered to this subscription", "a filter policy não corresponde: não entregue a esta assinatura"),
    ("{} endpoint {} unreachable and no subscription DLQ: the message is lost for it", "endpoint {} {} inacessível e sem DLQ na assinatura: a mensagem se perde para ela"),
    ("e-mail to {}", "e-mail para {}"),
    ("does not match the pipe's filter: deleted from {} without being processed", "não corresponde ao filtro do pipe: apagada de {} sem ser processada"),
    ("stream record does not match the pipe's filter: skipped", "o registro do stream não corresponde ao filtro do pipe: pulado"),
    ("the enrichment {} returned an empty response: the target is not invoked", "o enriquecimento {} devolveu uma resposta vazia: o destino não é invocado"),
    ("does not match {}'s trigger filter (FilterCriteria): deleted without invoking it", "não corresponde ao filtro do trigger de {} (FilterCriteria): apagada sem invocar a função"),
    ("{} does not match {}'s trigger filter (FilterCriteria): skipped without invoking it", "{} não corresponde ao filtro do trigger de {} (FilterCriteria): pulado sem invocar a função"),
    ("{} stream", "stream de {}"),
    // DynamoDB, API Gateway
    ("PutItem (status {})", "PutItem (status {})"),
    ("UpdateItem: status {}", "UpdateItem: status {}"),
    ("HTTP {} {}", "HTTP {} {}"),
    ("{} refused: {}", "{} recusado: {}"),
    // Rule-match explanations
    ("✓ {}: {} matches {}", "✓ {}: {} corresponde a {}"),
    ("✗ {}: {} is not {}", "✗ {}: {} não é {}"),
    ("✗ {}: missing from the event (wanted {})", "✗ {}: ausente do evento (esperado {})"),
    ("✓ {}: {} as required", "✓ {}: {} como exigido"),
    ("✗ {}: must be {} but is {}", "✗ {}: deveria estar {} mas está {}"),
    ("present", "presente"),
    ("absent", "ausente"),
    ("{} (numeric never matches a string)", "{} (numeric nunca corresponde a uma string)"),
    ("{} (a number never equals a string)", "{} (um número nunca é igual a uma string)"),
    ("alternative {} of {} ($or):", "alternativa {} de {} ($or):"),
    ("  {}", "  {}"),
    // CloudWatch (the state reason is AWS's own text, kept)
    ("alarm {} → {}: {}", "alarme {} → {}: {}"),
    ("PutMetricAlarm: alarm saved; it is evaluated at the end of every minute", "PutMetricAlarm: alarme salvo; ele é avaliado ao fim de cada minuto"),
    ("DeleteAlarms: alarm deleted", "DeleteAlarms: alarme apagado"),
    ("alarm action {}: the topic does not exist, so no one is notified (CloudWatch accepted the ARN when the alarm was saved)", "ação do alarme {}: o tópico não existe, então ninguém é avisado (o CloudWatch aceitou o ARN quando o alarme foi salvo)"),
    // S3
    ("PutObject {} ({} bytes)", "PutObject {} ({} bytes)"),
    ("S3 event notification not delivered: {}", "notificação de evento do S3 não entregue: {}"),
    // IAM (the denial itself is AWS's sentence, kept)
    ("PutRolePolicy: inline policy {} saved; the next call the role makes is checked against it", "PutRolePolicy: política inline {} salva; a próxima chamada da role é verificada contra ela"),
    ("DeleteRolePolicy: inline policy {} deleted", "DeleteRolePolicy: política inline {} apagada"),
    ("{}: the trigger receives nothing and the messages wait in the queue (AWS: \"The provided execution role does not have permissions to call ReceiveMessage on SQS\")", "{}: o trigger não recebe nada e as mensagens esperam na fila (AWS: \"The provided execution role does not have permissions to call ReceiveMessage on SQS\")"),
    ("{}: the batch succeeded but its messages are not deleted: they come back after the visibility timeout with a higher receive count", "{}: o lote deu certo, mas as mensagens não são apagadas: elas voltam depois do visibility timeout com uma contagem de recebimentos maior"),
    ("User: {} is not authorized to perform: {} on resource: {} because no identity-based policy allows the {} action", "User: {} is not authorized to perform: {} on resource: {} because no identity-based policy allows the {} action"),
    ("User: {} is not authorized to perform: {} on resource: {} with an explicit deny in an identity-based policy", "User: {} is not authorized to perform: {} on resource: {} with an explicit deny in an identity-based policy"),
    // A CloudFormation import's notes and why a resource is listed, not simulated
    ("{}: log group {} — every function's log is kept in the app already", "{}: log group {} — o app já guarda o log de cada função"),
    ("{}: MaximumRecordAgeInSeconds is not simulated: records are retried until MaximumRetryAttempts or the stream's 24-hour retention", "{}: MaximumRecordAgeInSeconds não é simulado: há novas tentativas com os registros até o MaximumRetryAttempts ou o fim da retenção de 24 horas do stream"),
    ("{}: ParallelizationFactor is not simulated: one batch per shard at a time", "{}: ParallelizationFactor não é simulado: um lote por shard de cada vez"),
    ("{}: TumblingWindowInSeconds is not simulated: no tumbling windows", "{}: TumblingWindowInSeconds não é simulado: sem tumbling windows"),
    ("{}: managed policy {} is not simulated: left out, so what only it allows is refused", "{}: a managed policy {} não é simulada: fica de fora, então o que só ela permite é recusado"),
    ("{}: the OpenAPI Body is not read: routes come from AWS::ApiGateway::Method resources", "{}: o Body OpenAPI não é lido: as rotas vêm dos recursos AWS::ApiGateway::Method"),
    ("{}: {} is not simulated", "{}: {} não é simulado"),
    ("{}: the OpenAPI definition is not read: routes come from the functions' Api events", "{}: a definição OpenAPI não é lida: as rotas vêm dos eventos Api das funções"),
    ("{}: event {} of type {} is not simulated", "{}: o evento {} do tipo {} não é simulado"),
    ("{}: DeadLetterConfig without an Arn (SAM's generated queue) is not simulated", "{}: DeadLetterConfig sem Arn (a fila que o SAM gera) não é simulado"),
    ("{}: policy template {} is not simulated: left out of {}", "{}: o policy template {} não é simulado: fica de fora de {}"),
    ("it has no EventSourceArn (Kafka and MQ sources are not simulated)", "não tem EventSourceArn (fontes Kafka e MQ não são simuladas)"),
    ("its source is neither an SQS queue nor a DynamoDB stream", "a fonte não é uma fila SQS nem um stream do DynamoDB"),
    ("{}: only alarms on one metric with a Statistic are simulated", "{}: só alarmes de uma métrica com Statistic são simulados"),
    ("a scheduled rule (ScheduleExpression): EventLab has no scheduler", "uma regra agendada (ScheduleExpression): o EventLab não tem agendador"),
    ("it has no EventPattern", "não tem EventPattern"),
    ("only HTTP APIs are simulated (not WebSocket APIs)", "só APIs HTTP são simuladas (não APIs WebSocket)"),
    ("only Lambda proxy integrations (Type AWS_PROXY) are simulated", "só integrações proxy com Lambda (Type AWS_PROXY) são simuladas"),
    ("only routes to Lambda integrations are simulated", "só rotas para integrações com Lambda são simuladas"),
    // AWS's and the functions' own words (errors as CloudWatch shows them), kept.
    ("Rate Exceeded (TooManyRequestsException): {}", "Rate Exceeded (TooManyRequestsException): {}"),
    ("Task timed out after {} seconds", "Task timed out after {} seconds"),
    ("POST {}", "POST {}"),
    ("PutItem", "PutItem"),
    ("ClientError: {}", "ClientError: {}"),
    ("ConditionalCheckFailedException: {}", "ConditionalCheckFailedException: {}"),
    ("ValueError: {}", "ValueError: {}"),
    ("KeyError: {}", "KeyError: {}"),
    ("TypeError: {}", "TypeError: {}"),
    ("AttributeError: {}", "AttributeError: {}"),
    ("JSONDecodeError: {}", "JSONDecodeError: {}"),
    ("RuntimeError: {}", "RuntimeError: {}"),
    ("Exception: {}", "Exception: {}"),
];

/// The core's sentences whose count is 1 but whose noun is plural, in English.
const EN_ONE: &[(&str, &str)] = &[
    (
        "PurgeQueue deleted 1 messages",
        "PurgeQueue deleted 1 message",
    ),
    (
        "DLQ redrive started: 1 messages to move at up to {} per second",
        "DLQ redrive started: 1 message to move at up to {} per second",
    ),
    (
        "DLQ redrive completed: 1 messages moved",
        "DLQ redrive completed: 1 message moved",
    ),
    (
        "DLQ redrive cancelled after moving 1 messages",
        "DLQ redrive cancelled after moving 1 message",
    ),
    (
        "reported 1 batch item failure(s): only those return to {} after the visibility timeout; the rest were deleted",
        "reported 1 batch item failure: only that message returns to {} after the visibility timeout; the rest were deleted",
    ),
];

/// The literal pieces of a template, between its `{}`.
fn pieces(template: &str) -> Vec<&str> {
    template.split("{}").collect()
}

/// The parts of `text` where `template`'s `{}` stand, if it fits (each part as short
/// as the next piece allows; the last runs to the final piece).
fn fit<'a>(template: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let pieces = pieces(template);
    let (first, rest) = pieces.split_first()?;
    let mut left = text.strip_prefix(first)?;
    if rest.is_empty() {
        return left.is_empty().then(Vec::new);
    }
    let mut parts = Vec::with_capacity(rest.len());
    for (i, piece) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        let at = if last {
            // A suffix match: its start is a char boundary ("x → y" against "{} → client"
            // sliced inside the arrow and panicked).
            left.strip_suffix(*piece).map(str::len)?
        } else if piece.is_empty() {
            0
        } else {
            left.find(piece)?
        };
        parts.push(&left[..at]);
        left = &left[at + piece.len()..];
    }
    Some(parts)
}

/// Fills a Portuguese template's `{}` with the parts, in order.
fn fill(template: &str, parts: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut parts = parts.iter();
    for (i, piece) in template.split("{}").enumerate() {
        if i > 0 {
            out.push_str(parts.next().map_or("", String::as_str));
        }
        out.push_str(piece);
    }
    out
}

/// The sentence in Portuguese, if a template fits it.
fn to_pt(text: &str, depth: u8) -> Option<String> {
    if depth > 4 {
        return None;
    }
    TEMPLATES.iter().find_map(|(en, pt)| {
        let parts = fit(en, text)?;
        let parts: Vec<String> = parts
            .iter()
            .map(|p| to_pt(p, depth + 1).unwrap_or_else(|| p.to_string()))
            .collect();
        Some(fill(pt, &parts))
    })
}

/// A trace entry's flow ("pedidos-pendentes-dlq → console poll") in `lang`: as a whole
/// when a sentence of the table is the whole flow ("{} → client"), else each side on
/// its own, since a side such as "console poll" is a phrase, not a name.
pub fn flow_text(lang: Lang, flow: &str) -> String {
    let whole = sim_text(lang, flow);
    // English flows are as the simulation wrote them: no side to look up again.
    if lang == Lang::En {
        return whole;
    }
    if whole != flow {
        return whole;
    }
    match flow.split_once(" → ") {
        Some((from, to)) => format!("{} → {}", sim_text(lang, from), sim_text(lang, to)),
        None => whole,
    }
}

/// `text`, a sentence the simulation wrote, in `lang`, its "message(s)" and
/// "mensagem(ns)" in the form their count takes.
pub fn sim_text(lang: Lang, text: &str) -> String {
    match lang {
        // "q → deleted by f" read as the queue deleted, on the stage most of all.
        Lang::En if text.starts_with("deleted by ") => format!("message {text}"),
        Lang::En => {
            // Every EN_ONE sentence says "1 messages" or "1 batch item failure(s)": most
            // lines skip the search.
            let one = (text.contains(" 1 messages") || text.contains(" 1 batch item failure(s)"))
                .then(|| {
                    EN_ONE.iter().find_map(|(from, to)| {
                        let parts: Vec<String> =
                            fit(from, text)?.iter().map(|p| p.to_string()).collect();
                        Some(fill(to, &parts))
                    })
                })
                .flatten();
            super::times::en_times(&counted(one.as_deref().unwrap_or(text)))
        }
        Lang::Pt => super::times::pt_times(&counted(
            &to_pt(text, 0).unwrap_or_else(|| text.to_string()),
        )),
    }
}

/// How many words back a word's count may stand ("1 batch item failure(s)").
const COUNT_REACH: usize = 3;

/// The core's "(s)" and "(ns)" resolved by the number just before the word (1 is
/// singular, any other number plural, in both languages); a word with no number
/// before it is left as it is. Changing the core's own words would change every
/// golden trace hash, so this is done on the way to the screen.
fn counted(text: &str) -> String {
    if !text.contains("(s)") && !text.contains("(ns)") {
        return text.to_string();
    }
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let count = words[i.saturating_sub(COUNT_REACH)..i]
            .iter()
            .rev()
            .find_map(|w| w.parse::<u64>().ok());
        out.push_str(&counted_word(word, count));
    }
    out
}

/// One word with its marker resolved by `count`.
fn counted_word(word: &str, count: Option<u64>) -> String {
    for marker in ["(ns)", "(s)"] {
        let Some(at) = word.find(marker) else {
            continue;
        };
        let (stem, rest) = (&word[..at], &word[at + marker.len()..]);
        if !stem.chars().last().is_some_and(char::is_alphabetic) {
            return word.to_string();
        }
        return match count {
            None => word.to_string(),
            Some(1) => format!("{stem}{rest}"),
            // mensagem(ns) → mensagens; message(s) → messages.
            Some(_) if marker == "(ns)" => {
                format!("{}ns{rest}", stem.strip_suffix('m').unwrap_or(stem))
            }
            Some(_) => format!("{stem}s{rest}"),
        };
    }
    word.to_string()
}

/// Whether a template fits the whole sentence.
#[cfg(test)]
pub fn has_template(text: &str) -> bool {
    to_pt(text, 0).is_some()
}

#[cfg(test)]
#[path = "../../crates/sim_core/tests/common/mod.rs"]
mod common;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use sim_core::rng::Rng;
    use sim_core::Simulation;

    use super::common::random::{random_action, SCENARIOS};
    use super::*;

    #[test]
    fn templates_fit_and_fill_in_order() {
        assert_eq!(
            sim_text(
                Lang::Pt,
                "receive count 3 reached maxReceiveCount 3, so the next receive moved it to pedidos-pendentes-dlq"
            ),
            "contagem de recebimentos 3 atingiu maxReceiveCount 3, então o recebimento seguinte moveu a mensagem para pedidos-pendentes-dlq"
        );
        // The fan-out walk read "entregue a sqs subscription q": the specific template wins.
        assert_eq!(
            sim_text(
                Lang::Pt,
                "delivered to sqs subscription arn:aws:sqs:us-east-1:1:q"
            ),
            "entregue à assinatura sqs arn:aws:sqs:us-east-1:1:q"
        );
        assert_eq!(sim_text(Lang::Pt, "delivered to q"), "entregue a q");
        // A cold start's success: the handler's time (the REPORT line's Duration) and
        // the init apart; a student read 405 ms in the trace beside "Duration: 62.00 ms".
        assert_eq!(
            sim_text(Lang::Pt, "succeeded in 62ms (+ 343ms init, cold start)"),
            // Portuguese writes a unit after a space that does not break.
            "terminou com sucesso em 62\u{a0}ms (+ 343\u{a0}ms de init, cold start)"
        );
        assert_eq!(
            sim_text(Lang::Pt, "succeeded in 62ms"),
            "terminou com sucesso em 62\u{a0}ms"
        );
        // The form says "ID de desduplicação": the trace too (the walk read
        // "deduplication id" in a Portuguese row).
        assert_eq!(
            sim_text(
                Lang::Pt,
                "same deduplication id within 5 minutes: accepted, not delivered (FIFO topic)"
            ),
            "mesmo ID de desduplicação em 5 minutos: aceita, não entregue (tópico FIFO)"
        );
        // A Lambda trigger's FilterCriteria, on a queue and on a stream.
        assert_eq!(
            sim_text(Lang::Pt, "does not match worker's trigger filter (FilterCriteria): deleted without invoking it"),
            "não corresponde ao filtro do trigger de worker (FilterCriteria): apagada sem invocar a função"
        );
        assert_eq!(
            sim_text(Lang::Pt, "MODIFY does not match f's trigger filter (FilterCriteria): skipped without invoking it"),
            "MODIFY não corresponde ao filtro do trigger de f (FilterCriteria): pulado sem invocar a função"
        );
        // Both states of the fault switch in Portuguese ("falha ON" was left half in
        // English on the stage); switched off, the line says what the fault was, not
        // that it is there ("OFF (fixed): raise …" read as if the raise still were).
        assert_eq!(
            sim_text(
                Lang::Pt,
                "fault ON: the handler runs past the function timeout"
            ),
            "falha ligada: o handler passa do timeout da função"
        );
        // With its value after it (the lab 000 walk read this one in English).
        assert_eq!(
            sim_text(
                Lang::Pt,
                "fault ON: every invocation first waits on a slow downstream call (10 s)"
            ),
            "falha ligada: toda invocação espera antes por uma chamada lenta a outro serviço (10 s)"
        );
        assert_eq!(
            sim_text(Lang::Pt, "fault ON: a fraction of invocations fail (500‰)"),
            "falha ligada: uma fração das invocações falha (500‰)"
        );
        assert_eq!(
            sim_text(
                Lang::Pt,
                "fault OFF (fixed); it was: a fraction of invocations fail"
            ),
            "falha desligada (corrigida); era: uma fração das invocações falha"
        );
        assert_eq!(
            sim_text(
                Lang::Pt,
                "target fault OFF (fixed); it was: the target throttles deliveries (THROTTLING, retried with backoff)"
            ),
            "falha no destino desligada (corrigida); era: o destino limita as entregas (THROTTLING, novas tentativas com backoff)"
        );
        assert_eq!(
            sim_text(Lang::Pt, "MessageRetentionPeriod (345600 s) over since it was first sent: deleted by SQS"),
            "passou o MessageRetentionPeriod (345600 s) desde o primeiro envio: a mensagem foi apagada pelo SQS"
        );
        assert_eq!(
            sim_text(Lang::Pt, "MessageRetentionPeriod (120 s) over since it was moved to this dead-letter queue: deleted by SQS"),
            "passou o MessageRetentionPeriod (120 s) desde que foi movida para esta DLQ: a mensagem foi apagada pelo SQS"
        );
        // A delete names the message: after the queue's name, "deleted by f" read as
        // the queue deleted (and "apagada" agreed with "fila").
        assert_eq!(sim_text(Lang::En, "deleted by f"), "message deleted by f");
        assert_eq!(
            flow_text(Lang::Pt, "pedidos-pendentes-dlq → console poll"),
            "pedidos-pendentes-dlq → busca no console"
        );
        assert_eq!(flow_text(Lang::Pt, "console poll"), "busca no console");
        // An asynchronous retry's source (the lab 003 walk read it in English).
        assert_eq!(
            flow_text(Lang::Pt, "Lambda async queue → notifications"),
            "fila assíncrona do Lambda → notifications"
        );
        // Whole-flow sentences still win (the review: "api → client" lost its Portuguese).
        assert_eq!(flow_text(Lang::Pt, "api → client"), "api → cliente");
        assert_eq!(
            flow_text(Lang::Pt, "dlq → each message's source queue"),
            "dlq → a fila de origem de cada mensagem"
        );
        assert_eq!(sim_text(Lang::Pt, "deleted by f"), "mensagem apagada por f");
        // A flow: only the redrive's own words change; names never.
        assert_eq!(
            sim_text(Lang::Pt, "dlq → each message's source queue"),
            "dlq → a fila de origem de cada mensagem"
        );
        assert_eq!(sim_text(Lang::Pt, "q → f"), "q → f");
        // Who sent it, when it is the learner or the API's caller (the walk read
        // "learner → pedidos-event-bus" in Portuguese).
        assert_eq!(sim_text(Lang::Pt, "learner → bus"), "você → bus");
        // A scenario's own script sent it: not "você" (the student walk).
        assert_eq!(sim_text(Lang::Pt, "scenario → q.fifo"), "cenário → q.fifo");
        assert_eq!(sim_text(Lang::Pt, "api → client"), "api → cliente");
        // Counted words take the form of their number.
        let counted = [
            (Lang::Pt, "invoked with a batch of 1 message(s)", "invocada com um lote de 1 mensagem"),
            (Lang::Pt, "invoked with a batch of 3 message(s)", "invocada com um lote de 3 mensagens"),
            (Lang::En, "rule r matched: 0 target(s)", "rule r matched: 0 targets"),
            (Lang::Pt, "published to t: 1 subscription(s)", "publicada em t: 1 assinatura"),
            (Lang::En, "reported 1 batch item failure(s): only those return to q after the visibility timeout; the rest were deleted", "reported 1 batch item failure: only that message returns to q after the visibility timeout; the rest were deleted"),
            (Lang::Pt, "reported 1 batch item failure(s): only those return to q after the visibility timeout; the rest were deleted", "informou 1 falha de item do lote: só esse item volta a q depois do visibility timeout; os demais foram apagados"),
            (Lang::En, "reported 2 batch item failure(s): only those return to q after the visibility timeout; the rest were deleted", "reported 2 batch item failures: only those return to q after the visibility timeout; the rest were deleted"),
            (Lang::Pt, "reported 1 batch item failure(s), but the function's role may not call sqs:DeleteMessage: the whole batch returns to q after the visibility timeout", "informou 1 falha de item do lote, mas a role da função não pode chamar sqs:DeleteMessage: o lote inteiro volta a q depois do visibility timeout"),
            (Lang::En, "reported 1 batch item failure(s), but the function's role may not call sqs:DeleteMessage: the whole batch returns to q after the visibility timeout", "reported 1 batch item failure, but the function's role may not call sqs:DeleteMessage: the whole batch returns to q after the visibility timeout"),
            (Lang::En, "a (s) b(s)", "a (s) b(s)"),
            (Lang::En, "DLQ redrive completed: 1 messages moved", "DLQ redrive completed: 1 message moved"),
            (Lang::Pt, "DLQ redrive completed: 1 messages moved", "redrive da DLQ concluído: 1 mensagem movida"),
        ];
        for (lang, english, expected) in counted {
            assert_eq!(sim_text(lang, english), expected, "{english}");
        }
        assert_eq!(
            sim_text(Lang::Pt, "no template fits this"),
            "no template fits this"
        );
    }

    /// Every sentence of every scenario under random actions and faults, as
    /// sim_core's golden runs drive them.
    fn sentences() -> BTreeSet<String> {
        let mut all = BTreeSet::new();
        for seed in 0..60u64 {
            let id = SCENARIOS[(seed % SCENARIOS.len() as u64) as usize];
            let mut sim = Simulation::new(super::common::builtin(id), seed)
                .unwrap_or_else(|e| panic!("{e:?}"));
            let mut r = Rng::fork(seed, "sim-text");
            for t in (0..300_000).step_by(2_000) {
                sim.run_until(t);
                let action = random_action(&mut r, &sim);
                let _ = sim.apply(action);
            }
            if id == "lab000-pedidos" {
                break_the_labs_role(&mut sim);
            }
            sim.run_until(900_000);
            if seed < SCENARIOS.len() as u64 {
                // Past the longest MessageRetentionPeriod (14 days): what is left expires.
                sim.run_until(15 * 24 * 3_600_000);
            }
            for e in sim.trace().entries() {
                all.insert(e.text.to_string());
            }
        }
        all
    }

    /// What random actions do not do: lab 000's role loses its trigger's
    /// DeleteMessage, then its ReceiveMessage, then gets it back.
    fn break_the_labs_role(sim: &mut Simulation) {
        use sim_core::Action;
        let role = "lambda-altera-cancela-role".to_string();
        let arn = "arn:aws:sqs:us-east-1:123456789012:cancela-pedido-queue";
        let doc = |actions: &[&str]| {
            serde_json::json!({"Statement": [{"Effect": "Allow", "Action": actions, "Resource": arn}]})
                .to_string()
        };
        let put = |d: String| Action::PutRolePolicy {
            role_name: role.clone(),
            policy_name: "SQSReadCancelaTrigger".into(),
            policy_document: d,
        };
        let cancel: Action =
            serde_json::from_value(serde_json::json!({"Action": "PutEvents", "Entries": [{
            "Source": "lab.aula4.operacoes", "DetailType": "CancelarPedido",
            "Detail": "{\"pedidoId\": \"s3P003\"}", "EventBusName": "pedidos-event-bus"}]}))
            .expect("a valid PutEvents");
        let now = sim.now_ms();
        if let Some(file) = sim.scenario().console.upload_sample.clone() {
            let _ = sim.apply(Action::PutObject {
                bucket: "pedidos-upload-bucket".into(),
                key: file.key,
                body: file.body,
            });
        }
        let _ = sim.apply(put(doc(&["sqs:ReceiveMessage"])));
        let _ = sim.apply(cancel.clone());
        sim.run_until(now + 300_000);
        let _ = sim.apply(Action::DeleteRolePolicy {
            role_name: role.clone(),
            policy_name: "SQSReadCancelaTrigger".into(),
        });
        let _ = sim.apply(cancel);
        sim.run_until(now + 360_000);
        let _ = sim.apply(put(doc(&["sqs:*"])));
    }

    #[test]
    fn every_sentence_the_simulation_writes_has_a_portuguese_template() {
        let missing: Vec<String> = sentences()
            .into_iter()
            .filter(|s| !has_template(s))
            .collect();
        assert!(
            missing.is_empty(),
            "{} sentences without a template:\n{}",
            missing.len(),
            missing.join("\n")
        );
    }

    /// Any text, in any language, against every template: never a panic (a panic in
    /// WebAssembly kills the page; "orders-api → order-api" against "{} → client"
    /// sliced inside the arrow). Texts are built from the templates' own pieces and
    /// multi-byte characters, so partial and shifted matches are tried.
    #[test]
    fn any_text_is_translated_or_kept_without_a_panic() {
        let mut pieces: Vec<&str> = TEMPLATES
            .iter()
            .flat_map(|(en, _)| en.split("{}"))
            .filter(|p| !p.is_empty())
            .collect();
        pieces.extend(["→", "é", "ç", "€", "日本", " ", "x", "1", "(s)", ":"]);
        let mut rng = Rng::new(7);
        for _ in 0..20_000 {
            let n = 1 + rng.below(6) as usize;
            let text: String = (0..n)
                .map(|_| pieces[rng.below(pieces.len() as u64) as usize])
                .collect();
            for lang in [Lang::En, Lang::Pt] {
                let _ = sim_text(lang, &text);
            }
        }
    }
}
