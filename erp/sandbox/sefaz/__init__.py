"""Simulador fiel da SEFAZ (NF-e 4.00, SOAP 1.2) para a demonstração e os testes.

Fala os web services NFeAutorizacao4, NFeRetAutorizacao4, NFeConsultaProtocolo4, NFeStatusServico4,
NFeInutilizacao4 e NFeRecepcaoEvento4; valida o XSD (do nfelib), a assinatura XML-DSig e as regras que decidem
os códigos do MOC 7.0, Anexo I (docs/sefaz.md), com código próprio, sem nada do produto; guarda o estado em
memória. Rotas de teste em /_sandbox/.

Ao lado da autorizadora, a SVC (SVC-AN ou SVC-RS da UF, `svc.py`) é outra base, atendida nos caminhos da sua
estrutura; /_sandbox/status {"cstat": 108|109} para só a autorizadora; as rotas /_sandbox/svc/... são as da SVC.
"""
