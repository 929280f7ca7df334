import json, os, boto3
from datetime import datetime
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])

def lambda_handler(event, context):
    for record in event["Records"]:
        body = json.loads(record["body"])
        print(f"Evento recebido: {json.dumps(body)}")
        pedido = body.get("detail", body)
        item = {"pedidoId": pedido["pedidoId"], "itens": pedido.get("itens", []),
                "statusPedido": "PEDIDO_PROCESSADO", "timestampCriacaoEvento": datetime.utcnow().isoformat()}
        if "clienteId" in pedido:
            item["clienteId"] = pedido["clienteId"]
        table.put_item(Item=item)
        print(f"Pedido {pedido['pedidoId']} salvo no DynamoDB com status PEDIDO_PROCESSADO")
    return {"statusCode": 200, "body": "Pedidos processados"}
