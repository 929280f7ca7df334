//! Lab 000, day 2 (RECONSTRUCTED: the lab only summarises it): a file of orders put
//! in S3 is read by this function, which sends each order to the same entry queue
//! the API uses, so validation and processing are the API's from there on. JSON
//! (one order, a list, or one order a line) and CSV (`pedidoId,clienteId,item,qtd`,
//! one item a row) are read; a line that is not an order is logged and left out.

use serde_json::{json, Map, Value};

use super::{python, Sdk};
use crate::lambda::invocation::{HandlerError, HandlerResult};
use crate::lambda::payload::{Payload, Record};

/// Python's `urllib.parse.unquote_plus`, as the S3 examples decode the key.
pub fn unquote_plus(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn ingere_arquivo(sdk: &mut dyn Sdk, queue: &str, event: &Payload) -> HandlerResult {
    for r in python::records(event)? {
        // `r["s3"]["bucket"]["name"], unquote_plus(r["s3"]["object"]["key"])`
        let Record::Json(r) = r else {
            return Err(HandlerError::new("KeyError", "'s3'").at("[\"s3\"]"));
        };
        let s3 = python::index(r, "s3")?;
        let bucket = python::str_of(python::index(python::index(s3, "bucket")?, "name")?);
        let key = match python::index(python::index(s3, "object")?, "key")? {
            Value::String(k) => unquote_plus(k),
            other => {
                return Err(HandlerError::new(
                    "AttributeError",
                    format!(
                        "'{}' object has no attribute 'replace'",
                        python::type_name(other)
                    ),
                )
                .at("unquote_plus("))
            }
        };
        sdk.log(format_args!("Arquivo recebido: s3://{bucket}/{key}"));
        let body = sdk.s3_get_object(&bucket, &key)?;
        let (pedidos, rejeitadas) = if key.to_ascii_lowercase().ends_with(".csv") {
            from_csv(&body)
        } else {
            from_json(&body)
        };
        for (linha, why) in &rejeitadas {
            sdk.log(format_args!("[ERROR] {key}, linha {linha} ignorada: {why}"));
        }
        for p in &pedidos {
            let id = p.get("pedidoId").map_or("?".into(), python::str_of);
            sdk.log(format_args!(
                "Pedido {id} do arquivo {key} enviado para validação"
            ));
            sdk.sqs_send(queue, super::python_json(p))?;
        }
        sdk.log(format_args!(
            "{key}: {} pedido(s) enviado(s), {} linha(s) ignorada(s)",
            pedidos.len(),
            rejeitadas.len()
        ));
    }
    Ok(json!({ "statusCode": 200 }))
}

type Parsed = (Vec<Value>, Vec<(usize, String)>);

/// One order, a list of orders, or one order a line.
fn from_json(body: &str) -> Parsed {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Array(a)) => {
            let mut rejected = Vec::new();
            let mut orders = Vec::new();
            for (i, p) in a.into_iter().enumerate() {
                if p.is_object() {
                    orders.push(p);
                } else {
                    rejected.push((i + 1, "não é um objeto JSON".to_string()));
                }
            }
            (orders, rejected)
        }
        Ok(p @ Value::Object(_)) => (vec![p], Vec::new()),
        _ => {
            let mut orders = Vec::new();
            let mut rejected = Vec::new();
            for (i, line) in body.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(line) {
                    Ok(p @ Value::Object(_)) => orders.push(p),
                    _ => rejected.push((i + 1, "não é um JSON de pedido válido".into())),
                }
            }
            (orders, rejected)
        }
    }
}

/// `pedidoId,clienteId,item,qtd` with a header; rows of one pedidoId are its items.
fn from_csv(body: &str) -> Parsed {
    let mut lines = body
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return (Vec::new(), vec![(1, "arquivo vazio".into())]);
    };
    let cols: Vec<String> = header.split(',').map(|c| c.trim().to_string()).collect();
    let want = ["pedidoId", "clienteId", "item", "qtd"];
    if cols != want {
        return (
            Vec::new(),
            vec![(1, format!("cabeçalho deve ser {}", want.join(",")))],
        );
    }
    let mut orders: Vec<Map<String, Value>> = Vec::new();
    let mut rejected = Vec::new();
    for (i, line) in lines {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() != 4 {
            rejected.push((i + 1, format!("esperava 4 colunas, tem {}", f.len())));
            continue;
        }
        let Ok(qtd) = f[3].parse::<i64>() else {
            rejected.push((i + 1, format!("qtd \"{}\" não é um número inteiro", f[3])));
            continue;
        };
        let item = json!({ "item": f[2], "qtd": qtd });
        match orders.iter_mut().find(|o| o["pedidoId"] == f[0]) {
            Some(o) => {
                if let Some(Value::Array(itens)) = o.get_mut("itens") {
                    itens.push(item);
                }
            }
            None => {
                let mut o = Map::new();
                o.insert("pedidoId".into(), f[0].into());
                o.insert("clienteId".into(), f[1].into());
                o.insert("itens".into(), json!([item]));
                orders.push(o);
            }
        }
    }
    (orders.into_iter().map(Value::Object).collect(), rejected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_keys_as_python_does() {
        assert_eq!(
            unquote_plus("entrada/pedidos+dia+2.csv"),
            "entrada/pedidos dia 2.csv"
        );
        assert_eq!(unquote_plus("%C3%A7%C3%A3o%3D1"), "ção=1");
        assert_eq!(unquote_plus("bad%zz%"), "bad%zz%");
        assert_eq!(unquote_plus("%"), "%");
        assert_eq!(unquote_plus("a%4"), "a%4");
    }

    #[test]
    fn reads_csv_rows_into_orders_and_says_which_lines_it_left_out() {
        let (orders, rejected) = from_csv(
            "pedidoId,clienteId,item,qtd\ns3P003,cli-3,Produto S3,2\ns3P003,cli-3,Outro,1\ns3P004,cli-4,X\ns3P005,cli-5,Y,dois\n",
        );
        assert_eq!(orders.len(), 1);
        assert_eq!(orders[0]["itens"].as_array().unwrap().len(), 2);
        assert_eq!(rejected.iter().map(|r| r.0).collect::<Vec<_>>(), [4, 5]);
    }

    #[test]
    fn reads_json_lines() {
        let (orders, rejected) =
            from_json("{\"pedidoId\": \"s3P003\"}\nnot json\n{\"pedidoId\": \"s3P004\"}");
        assert_eq!(orders.len(), 2);
        assert_eq!(
            rejected,
            vec![(2, "não é um JSON de pedido válido".to_string())]
        );
    }
}
