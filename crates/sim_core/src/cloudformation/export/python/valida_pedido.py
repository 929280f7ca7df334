import json, os, boto3
events = boto3.client("events")
sns = boto3.client("sns")

def lambda_handler(event, context):
    for record in event["Records"]:
        try:
            pedido = json.loads(record["body"])
        except ValueError:
            pedido = None
        pedido = pedido if isinstance(pedido, dict) else {}
        pedido_id = pedido.get("pedidoId") or ""
        problemas = []
        if not pedido_id:
            problemas.append("pedidoId ausente")
        if not pedido.get("clienteId"):
            problemas.append("clienteId ausente")
        if not pedido.get("itens"):
            problemas.append("itens vazio ou ausente")
        if not problemas:
            print(f"Pedido {pedido_id} válido: publicando {os.environ['DETAIL_TYPE']} no {os.environ['EVENT_BUS_NAME']}")
            resp = events.put_events(Entries=[{"EventBusName": os.environ["EVENT_BUS_NAME"], "Source": os.environ["SOURCE"],
                                        "DetailType": os.environ["DETAIL_TYPE"], "Detail": json.dumps(pedido)}])
            # PutEvents raises nothing for a failed entry: FailedEntryCount says so.
            print(f"PutEvents: FailedEntryCount={resp['FailedEntryCount']} Entries={json.dumps(resp['Entries'], separators=(',', ':'))}")
        else:
            motivo = ", ".join(problemas)
            print(f"Pedido inválido ({motivo}): {json.dumps(pedido)}")
            if os.environ.get("INVALID_TOPIC_ARN"):
                sns.publish(TopicArn=os.environ["INVALID_TOPIC_ARN"], Subject=f"Pedido inválido {pedido_id}",
                            Message=json.dumps({"pedido": pedido, "motivo": motivo}))
