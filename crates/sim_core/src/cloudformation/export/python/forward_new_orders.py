import json, os, boto3
from decimal import Decimal
from boto3.dynamodb.types import TypeDeserializer
sqs = boto3.client("sqs")
plain = TypeDeserializer()

def number(d):
    # boto3 reads DynamoDB numbers as Decimal: send them as JSON numbers (a pipe's
    # numeric filter matches numbers only; str would send "15000"). Sets as lists.
    if isinstance(d, Decimal):
        return int(d) if d == d.to_integral_value() else float(d)
    if isinstance(d, set):
        return sorted(number(x) if isinstance(x, Decimal) else x for x in d)
    return str(d)

def lambda_handler(event, context):
    forwarded = 0
    for record in event["Records"]:
        if record.get("eventName") != "INSERT":
            continue
        image = record["dynamodb"].get("NewImage")
        if not image:
            continue
        order = {k: plain.deserialize(v) for k, v in image.items()}
        print(f"Sending order {order.get('orderId', '?')} to SQS for processing")
        sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps(order, default=number))
        forwarded += 1
    return {"statusCode": 200, "body": f"Forwarded {forwarded} orders"}
