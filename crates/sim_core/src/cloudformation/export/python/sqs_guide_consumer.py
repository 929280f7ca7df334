import json, os, random, time, boto3
sqs = boto3.client("sqs")
SUCCESS_PER_MILLE = int(os.environ["SUCCESS_PER_MILLE"])
MAX_RETRIES = int(os.environ["MAX_RETRIES"])

def send_to_dlq(order, record):
    attributes = {"original_queue": os.environ["QUEUE_NAME"], "failure_reason": "max_retries_exceeded",
                  "original_receive_count": record["attributes"].get("ApproximateReceiveCount", "0")}
    try:
        sqs.send_message(QueueUrl=os.environ["DLQ_URL"], MessageBody=json.dumps(order),
                         MessageAttributes={k: {"StringValue": v, "DataType": "String"} for k, v in attributes.items()})
    except Exception as e:
        print(f"Erro ao enviar para DLQ: {e}")

def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            order = json.loads(record["body"])
        except ValueError as e:
            print(f"Erro ao decodificar mensagem: {e}")
            continue
        oid = order.get("order_id")
        print(f"Processando pedido {oid}")
        if random.randrange(1000) < SUCCESS_PER_MILLE:
            time.sleep(0.5)  # the guide's "Simular tempo de processamento"
            print(f"✓ Pedido {oid} - Total: ${order.get('total', 0)}")
            print(f"Pedido {oid} processado com sucesso")
            continue
        print(f"✗ Falha simulada no processamento do pedido {oid}")
        # The body never changes in SQS: the count starts again from what the producer sent.
        attempts = order.get("processing_attempts", 0) + 1
        order["processing_attempts"] = attempts
        if attempts < MAX_RETRIES:
            print(f"Pedido {oid} será reprocessado (tentativa {attempts})")
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        send_to_dlq(order, record)
        print(f"Pedido {oid} enviado para DLQ após {MAX_RETRIES} tentativas")
    return {"batchItemFailures": failures}
