// Máscaras de CPF/CNPJ/CEP, "selecionar todos" nas listas e a pergunta dos botões com data-confirmar.
(function () {
  function mascaraDocumento(v) {
    v = v.toUpperCase().replace(/[^0-9A-Z]/g, "").slice(0, 14);
    if (v.length <= 11) {
      return v.replace(/^(\w{3})(\w)/, "$1.$2").replace(/^(\w{3})\.(\w{3})(\w)/, "$1.$2.$3")
              .replace(/\.(\w{3})(\w{1,2})$/, ".$1-$2");
    }
    return v.replace(/^(\w{2})(\w{3})(\w{3})(\w{4})(\w{0,2}).*/, "$1.$2.$3/$4-$5");
  }
  function mascaraCep(v) {
    v = v.replace(/\D/g, "").slice(0, 8);
    return v.length > 5 ? v.slice(0, 5) + "-" + v.slice(5) : v;
  }
  document.addEventListener("input", function (e) {
    var alvo = e.target, tipo = alvo.dataset && alvo.dataset.mascara;
    if (tipo === "documento") alvo.value = mascaraDocumento(alvo.value);
    if (tipo === "cep") alvo.value = mascaraCep(alvo.value);
  });
  document.addEventListener("submit", function (e) {
    var botao = e.submitter, pergunta = botao && botao.dataset && botao.dataset.confirmar;
    if (pergunta && !window.confirm(pergunta)) e.preventDefault();
  });
  document.addEventListener("change", function (e) {
    var alvo = e.target;
    if (alvo.matches && alvo.matches("[data-selecionar-todos]")) {
      document.querySelectorAll(alvo.dataset.selecionarTodos).forEach(function (c) {
        if (!c.disabled) c.checked = alvo.checked;
      });
    }
  });
})();
