import json

def lambda_handler(event, context):
    print(json.dumps(event))
    if "httpMethod" in event or "requestContext" in event:
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps({"message": "ok"})}
