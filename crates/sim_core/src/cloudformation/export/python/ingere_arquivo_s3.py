import csv, io, json, os, boto3
from urllib.parse import unquote_plus
s3 = boto3.client("s3")
sqs = boto3.client("sqs")

def de_json(corpo):
    try:
        dados = json.loads(corpo)
        if isinstance(dados, dict):
            return [dados], []
        if isinstance(dados, list):
            return [p for p in dados if isinstance(p, dict)], [(i + 1, "não é um objeto JSON") for i, p in enumerate(dados) if not isinstance(p, dict)]
    except ValueError:
        pass
    pedidos, rejeitadas = [], []
    for i, linha in enumerate(corpo.splitlines()):
        if not linha.strip():
            continue
        try:
            p = json.loads(linha)
            (pedidos.append(p) if isinstance(p, dict) else rejeitadas.append((i + 1, "não é um JSON de pedido válido")))
        except ValueError:
            rejeitadas.append((i + 1, "não é um JSON de pedido válido"))
    return pedidos, rejeitadas

def de_csv(corpo):
    linhas = [(i + 1, l) for i, l in enumerate(corpo.splitlines()) if l.strip()]
    if not linhas:
        return [], [(1, "arquivo vazio")]
    if [c.strip() for c in linhas[0][1].split(",")] != ["pedidoId", "clienteId", "item", "qtd"]:
        return [], [(1, "cabeçalho deve ser pedidoId,clienteId,item,qtd")]
    pedidos, rejeitadas = {}, []
    for n, linha in linhas[1:]:
        f = [c.strip() for c in linha.split(",")]
        if len(f) != 4:
            rejeitadas.append((n, f"esperava 4 colunas, tem {len(f)}"))
            continue
        try:
            qtd = int(f[3])
        except ValueError:
            rejeitadas.append((n, f'qtd "{f[3]}" não é um número inteiro'))
            continue
        p = pedidos.setdefault(f[0], {"pedidoId": f[0], "clienteId": f[1], "itens": []})
        p["itens"].append({"item": f[2], "qtd": qtd})
    return list(pedidos.values()), rejeitadas

def lambda_handler(event, context):
    for r in event["Records"]:
        bucket, chave = r["s3"]["bucket"]["name"], unquote_plus(r["s3"]["object"]["key"])
        print(f"Arquivo recebido: s3://{bucket}/{chave}")
        corpo = s3.get_object(Bucket=bucket, Key=chave)["Body"].read().decode("utf-8")
        pedidos, rejeitadas = de_csv(corpo) if chave.lower().endswith(".csv") else de_json(corpo)
        for linha, motivo in rejeitadas:
            print(f"[ERROR] {chave}, linha {linha} ignorada: {motivo}")
        for p in pedidos:
            print(f"Pedido {p.get('pedidoId', '?')} do arquivo {chave} enviado para validação")
            sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps(p))
        print(f"{chave}: {len(pedidos)} pedido(s) enviado(s), {len(rejeitadas)} linha(s) ignorada(s)")
    return {"statusCode": 200}
