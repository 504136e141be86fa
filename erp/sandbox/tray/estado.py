"""Estado em memória de uma loja simulada: entidades, tokens, limites, registros de inspeção."""
import threading
from collections import defaultdict, deque

from erp.sandbox.tray.falhas import Falhas
from erp.sandbox.tray.fila_imagens import FilaDeImagens
from erp.sandbox.tray.limites import LimitadorRequisicoes
from erp.sandbox.tray.notificacoes import Notificador
from erp.sandbox.tray.pedido_semente import Referencias
from erp.sandbox.tray.relogio import Relogio
from erp.sandbox.tray.tokens import GerenciadorTokens
from erp.sandbox.tray.valores import formatar_data_hora

REGISTRO_MAXIMO = 50000
ENTIDADES = ("status", "categoria", "cliente", "endereco", "produto", "variacao", "pedido", "item", "pagamento",
             "nota", "marketplace")


class EstadoLoja:
    """Tudo o que a loja guarda. Leituras e escritas das rotas acontecem sob `self.trava`."""

    def __init__(self, normalizada: dict, webhook_url=None, webhook_duplicado=False, webhook_intervalos_s=None,
                 webhook_max_tentativas=None, timeout_imagem_s=None):
        loja = normalizada["store"]
        self.trava = threading.RLock()
        self.relogio = Relogio()
        self.app = normalizada["app"]
        self.loja = loja
        self.url_base = ""
        self.timeout_imagem_s = float(timeout_imagem_s or loja.get("image_timeout_s", 3.0))
        self.max_slots_imagem = int(loja["max_image_slots"])
        self.limite_bytes_imagem = int(loja["image_max_bytes"])
        self.limite_px_imagem = int(loja["image_max_px"])
        self.fila_imagens = FilaDeImagens(sincrona=loja["image_processing"] == "sync")
        self.tokens = GerenciadorTokens(self.relogio, loja["id"], loja["access_token_ttl_s"],
                                        loja["refresh_token_ttl_s"], prefixo=self.app["app_code"])
        self.limitador = LimitadorRequisicoes(self.relogio, loja["rate_limit_per_minute"],
                                              loja["rate_limit_per_day"])
        self.falhas = Falhas()
        self.notificador = Notificador(
            loja["id"], self.app["app_code"], webhook_url, webhook_duplicado,
            intervalos_s=webhook_intervalos_s or loja.get("webhook_retry_gaps_s"),
            max_tentativas=webhook_max_tentativas or loja.get("webhook_max_attempts", 10))
        self.status = {s["id"]: s for s in normalizada["statuses"]}
        self.categorias = {c["id"]: c for c in normalizada["categories"]}
        self.clientes = {c["id"]: c for c in normalizada["customers"]}
        self.enderecos = {e["id"]: e for e in normalizada["addresses"]}
        self.produtos = {p["id"]: p for p in normalizada["products"]}
        self.variacoes = {v["id"]: v for v in normalizada["variants"]}
        self.pedidos: dict[str, dict] = {}
        self.notas: dict[str, dict] = {}
        self.imagens = {"product": defaultdict(dict), "variant": defaultdict(dict)}
        self.arquivos: dict[str, tuple[bytes, str]] = {}
        self.log_imagens: dict[str, list] = defaultdict(list)
        self.emails: list[dict] = []
        self.instalacoes: list[dict] = []  # autorizações dadas em /auth.php (callback e hora)
        self.requisicoes: deque[dict] = deque(maxlen=REGISTRO_MAXIMO)
        self._proximos = {e: 1 for e in ENTIDADES}
        for nome, colecao in (("status", self.status), ("categoria", self.categorias),
                              ("cliente", self.clientes), ("endereco", self.enderecos),
                              ("produto", self.produtos), ("variacao", self.variacoes)):
            self._ver_ids(nome, colecao)
        for pedido in normalizada["orders"]:
            self.guardar_pedido(pedido)

    # ids ---------------------------------------------------------------------------------------------
    def _ver_ids(self, entidade: str, ids) -> None:
        for ident in ids:
            if str(ident).isdigit():
                self._proximos[entidade] = max(self._proximos[entidade], int(ident) + 1)

    def proximo_id(self, entidade: str) -> str:
        with self.trava:
            ident = self._proximos[entidade]
            self._proximos[entidade] += 1
            return str(ident)

    # pedidos -----------------------------------------------------------------------------------------
    def guardar_pedido(self, pedido: dict) -> dict:
        """Guarda um pedido normalizado (pedido_semente), dando ids aos filhos que não têm."""
        with self.trava:
            if not pedido.get("id"):
                pedido["id"] = self.proximo_id("pedido")
            self._ver_ids("pedido", [pedido["id"]])
            ident = pedido["id"]
            pedido["status"] = self.status[pedido["_status_id"]]["status"]
            for entidade, lista in (("item", pedido["ProductsSold"]), ("pagamento", pedido["Payment"]),
                                    ("marketplace", pedido["MarketplaceOrder"])):
                self._ver_ids(entidade, [f.get("id", "") for f in lista])
                for filho in lista:
                    filho["order_id"] = ident
                    if not filho.get("id"):
                        filho["id"] = self.proximo_id(entidade)
            pedido["_notas"] = []
            for nota in pedido.pop("OrderInvoice", []):
                self.guardar_nota(pedido, nota)
            if pedido.get("modified", "").startswith("0000") or not pedido.get("modified"):
                pedido["modified"] = self.agora()
            self.pedidos[ident] = pedido
            return pedido

    def guardar_nota(self, pedido: dict, nota: dict) -> dict:
        with self.trava:
            self._ver_ids("nota", [nota.get("id", "")])
            if not nota.get("id"):
                nota["id"] = self.proximo_id("nota")
            nota["order_id"] = pedido["id"]
            nota.setdefault("created", self.agora())
            nota.setdefault("updated", nota["created"])
            nota["ProductCfop"] = [{**c, "order_invoice_id": nota["id"]} for c in nota.get("ProductCfop") or []
                                   if isinstance(c, dict)]
            self.notas[nota["id"]] = nota
            pedido["_notas"].append(nota["id"])
            pedido["has_invoice"] = "1"
            return nota

    def referencias(self) -> Referencias:
        with self.trava:
            return Referencias(
                clientes=set(self.clientes), produtos=set(self.produtos),
                variacoes={v["id"]: v["product_id"] for v in self.variacoes.values()},
                status_por_id={s["id"]: s["status"] for s in self.status.values()},
                chaves_notas={n["key"] for n in self.notas.values()})

    # utilidades --------------------------------------------------------------------------------------
    def agora(self) -> str:
        return formatar_data_hora(self.relogio.agora())

    def hoje(self) -> str:
        return self.relogio.agora().date().isoformat()

    def registrar_email(self, pedido: dict, status: dict) -> None:
        cliente = self.clientes.get(pedido.get("customer_id"), {})
        self.emails.append({
            "para": cliente.get("email", ""), "nome": cliente.get("name", ""), "order_id": pedido["id"],
            "status_id": status["id"], "status": status["status"],
            "assunto": f"Pedido {pedido['id']}: {status.get('description') or status['status']}",
            "hora": self.agora()})
