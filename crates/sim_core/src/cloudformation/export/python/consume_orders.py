import json

def lambda_handler(event, context):
    for record in event["Records"]:
        pedido = json.loads(record["body"])
        print(f"Processando pedido {pedido.get('order_id', '?')}")
        print(f"Pedido {pedido.get('order_id', '?')} processado com sucesso")
