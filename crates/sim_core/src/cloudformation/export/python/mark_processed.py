import os, boto3
from datetime import datetime, timezone
from boto3.dynamodb.types import TypeDeserializer
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
plain = TypeDeserializer()

def lambda_handler(event, context):
    processed = 0
    for record in event["Records"]:
        if record.get("eventName") != "INSERT":
            continue
        image = record["dynamodb"].get("NewImage")
        if not image or "orderId" not in image:
            continue
        oid = plain.deserialize(image["orderId"])
        # "status" is a DynamoDB reserved word: it needs an attribute name placeholder.
        table.update_item(Key={"orderId": oid}, UpdateExpression="SET #s = :s, processedAt = :t",
                          ExpressionAttributeNames={"#s": "status"},
                          ExpressionAttributeValues={":s": "PROCESSED", ":t": datetime.now(timezone.utc).isoformat()})
        print(f"Order {oid} processed")
        processed += 1
    return {"statusCode": 200, "body": f"Processed {processed} orders"}
