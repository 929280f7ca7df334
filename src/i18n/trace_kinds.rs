//! What each kind of trace entry is, in a few words of the learner's language: the
//! trace's kind column showed the code's names ("MessageMovedToDlq",
//! "InvocationSucceeded" broken over two lines), English in a Portuguese page. The
//! code name stays as the column's tooltip and in the filter.

use sim_core::trace::TraceKind;

use super::Lang;

/// The kind in `lang`: a short phrase, AWS's names kept (DLQ, SNS, redrive).
pub fn kind_label(lang: Lang, kind: TraceKind) -> &'static str {
    let (en, pt) = en_pt(kind);
    match lang {
        Lang::En => en,
        Lang::Pt => pt,
    }
}

/// An entry's label: its kind's, but a message whose delay is over is "visible", not
/// "visible again": it had never been visible (the re-walk read "visível de novo ·
/// atraso terminado" on a message DelaySeconds held).
pub fn entry_label(lang: Lang, kind: TraceKind, text: &str) -> &'static str {
    if kind == TraceKind::MessageVisible && text.starts_with("delay over") {
        return match lang {
            Lang::En => "visible",
            Lang::Pt => "visível",
        };
    }
    kind_label(lang, kind)
}

fn en_pt(kind: TraceKind) -> (&'static str, &'static str) {
    use TraceKind as K;
    match kind {
        K::HttpRequest => ("HTTP request", "requisição HTTP"),
        K::HttpResponse => ("HTTP response", "resposta HTTP"),
        K::MessageSent => ("message sent", "mensagem enviada"),
        K::MessageDelayed => ("message delayed", "mensagem com atraso"),
        K::MessageDuplicate => ("duplicate, not delivered", "duplicada, não entregue"),
        K::MessageVisible => ("visible again", "visível de novo"),
        K::MessageReceived => ("message received", "mensagem recebida"),
        K::MessageDeleted => ("message deleted", "mensagem apagada"),
        K::MessageMovedToDlq => ("moved to DLQ", "movida para a DLQ"),
        K::MessageExpired => ("message expired", "mensagem expirada"),
        K::MessagePeeked => ("message viewed", "mensagem vista"),
        K::QueuePurged => ("queue purged", "fila esvaziada (purge)"),
        K::VisibilityChanged => ("visibility changed", "visibilidade alterada"),
        K::RedriveStarted => ("redrive started", "redrive iniciado"),
        K::RedriveMoved => ("moved back by redrive", "devolvida pelo redrive"),
        K::RedriveFinished => ("redrive finished", "redrive concluído"),
        K::RedriveCancelled => ("redrive cancelled", "redrive cancelado"),
        K::InvocationStarted => ("invoked", "invocada"),
        K::InvocationSucceeded => ("succeeded", "sucesso"),
        K::InvocationFailed => ("failed", "falhou"),
        K::InvocationTimedOut => ("timed out", "timeout"),
        K::InvocationThrottled => ("throttled", "throttle"),
        K::AsyncRetryScheduled => ("async retry", "nova tentativa (assíncrona)"),
        K::AsyncEventDropped => ("async event dropped", "evento assíncrono descartado"),
        K::DestinationDelivered => ("sent to destination", "enviado ao destino"),
        K::ItemWritten => ("item written", "item gravado"),
        K::ItemDeleted => ("item deleted", "item apagado"),
        K::ConditionalCheckFailed => ("condition failed", "condição falhou"),
        K::StreamRecord => ("stream record", "registro do stream"),
        K::StreamBatchRetry => ("stream batch retry", "nova tentativa do stream"),
        K::FaultChanged => ("fault switched", "falha ligada/desligada"),
        K::SettingChanged => ("setting changed", "configuração alterada"),
        K::ActionRejected => ("refused", "recusada"),
        K::EventPut => ("event put", "evento publicado"),
        K::EventRejected => ("event refused", "evento recusado"),
        K::RuleMatched => ("rule matched", "regra correspondeu"),
        K::TargetDelivered => ("delivered to target", "entregue ao destino"),
        K::TargetRetryScheduled => ("target retry", "nova tentativa do destino"),
        K::TargetFailed => ("target failed", "destino falhou"),
        K::TargetSentToDlq => ("target's DLQ", "DLQ do destino"),
        K::SnsPublished => ("SNS published", "SNS publicou"),
        K::SnsDelivered => ("SNS delivered", "SNS entregou"),
        K::SnsFilteredOut => ("SNS filtered out", "SNS filtrou"),
        K::EmailSent => ("e-mail sent", "e-mail enviado"),
        K::PipeFiltered => ("pipe filtered", "pipe filtrou"),
        K::PipeDelivered => ("pipe delivered", "pipe entregou"),
        K::AlarmStateChanged => ("alarm state", "estado do alarme"),
        K::AccessDenied => ("access denied", "acesso negado"),
        K::ObjectCreated => ("object created", "objeto criado"),
        K::BatchItemFailures => ("batch item failures", "falhas por item do lote"),
        K::MessageNotDeleted => ("not deleted", "não apagada"),
        K::NoRuleMatched => ("no rule matched", "nenhuma regra"),
        K::TriggerFiltered => ("trigger filtered", "filtro do trigger"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind has its words, and no two kinds share them in a language.
    #[test]
    fn every_kind_has_a_label_of_its_own_in_each_language() {
        for lang in [Lang::En, Lang::Pt] {
            let mut seen: Vec<&str> = TraceKind::ALL
                .iter()
                .map(|k| kind_label(lang, *k))
                .collect();
            assert!(
                seen.iter().all(|l| !l.is_empty() && l.len() <= 30),
                "{seen:?}"
            );
            seen.sort();
            let before = seen.len();
            seen.dedup();
            assert_eq!(seen.len(), before, "{lang:?}: two kinds read the same");
        }
        assert_eq!(
            kind_label(Lang::Pt, TraceKind::MessageMovedToDlq),
            "movida para a DLQ"
        );
    }
}
