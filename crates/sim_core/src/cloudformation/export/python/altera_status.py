import json, os, boto3
from datetime import datetime
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
ALTERAR = os.environ["OPERACAO"] == "ALTERADO"

def lambda_handler(event, context):
    for record in event["Records"]:
        detail = json.loads(record["body"]).get("detail", {})
        pedido_id = detail["pedidoId"]
        agora = datetime.utcnow().isoformat() + "Z"
        if ALTERAR:
            itens = detail["novosItens"]
            print(f"Processando alteração para pedido: {pedido_id} com novos itens: {json.dumps(itens)}")
            resposta = table.update_item(Key={"pedidoId": pedido_id},
                UpdateExpression="SET statusPedido = :s, itens = :i, timestampAtualizacao = :t",
                ExpressionAttributeValues={":s": "ALTERADO", ":i": itens, ":t": agora}, ReturnValues="UPDATED_NEW")
        else:
            print(f"Processando cancelamento para pedido: {pedido_id}")
            resposta = table.update_item(Key={"pedidoId": pedido_id},
                UpdateExpression="SET statusPedido = :s, timestampAtualizacao = :t",
                ExpressionAttributeValues={":s": "CANCELADO", ":t": agora}, ReturnValues="UPDATED_NEW")
        print(f"Pedido {pedido_id} atualizado para {os.environ['OPERACAO']}. Resposta DynamoDB: {resposta}")
    return {"statusCode": 200}
