import json, os, boto3
from boto3.dynamodb.types import TypeDeserializer
sns = boto3.client("sns")
plain = TypeDeserializer()

def handler(event, context):
    published = 0
    topic = os.environ["TOPIC_ARN"]
    for record in event["Records"]:
        if record.get("eventName") != "INSERT":
            continue
        image = record["dynamodb"].get("NewImage")
        if not image:
            continue
        order = {k: plain.deserialize(v) for k, v in image.items()}
        print(f"Publishing order {order.get('orderId', '?')} to {topic.split(':')[-1]}")
        sns.publish(TopicArn=topic, Message=json.dumps(order, default=str))
        published += 1
    return {"statusCode": 200, "body": f"Published {published} orders"}
