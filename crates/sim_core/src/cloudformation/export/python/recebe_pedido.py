import json, os, boto3
sqs = boto3.client("sqs")

def lambda_handler(event, context):
    try:
        pedido = json.loads(event.get("body") or "")
    except ValueError:
        print("Erro: corpo da requisição não é um JSON válido")
        return {"statusCode": 400, "headers": {"Content-Type": "application/json"},
                "body": json.dumps({"mensagem": "Corpo da requisição inválido: envie um JSON"})}
    pedido_id = pedido.get("pedidoId", "?") if isinstance(pedido, dict) else "?"
    print(f"Pedido recebido via API: {pedido_id}")
    sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps(pedido))
    return {"statusCode": 202, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"mensagem": "Pedido recebido para processamento", "pedidoId": pedido_id})}
