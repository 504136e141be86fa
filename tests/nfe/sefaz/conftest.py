"""A SEFAZ simulada e a inspeção dela, com os nomes que os testes de navegador importam daqui."""
from tests.nfe.apoio import sandbox  # noqa: F401
from tests.nfe.conftest import sefaz_sim  # noqa: F401
