// Importar Pedidos: quando a tarefa de importação termina, recarrega a lista para os selos mostrarem o que foi
// integrado.
(function () {
  var terminada = function (painel) {
    return painel.dataset.situacao === "concluida" || painel.dataset.situacao === "falhou";
  };
  var inicial = document.querySelector("#resultado-importacao .tarefa-progresso");
  if (!inicial || terminada(inicial)) return;
  var vigia = setInterval(function () {
    var painel = document.querySelector("#resultado-importacao .tarefa-progresso");
    if (painel && terminada(painel)) {
      clearInterval(vigia);
      window.location.reload();
    }
  }, 500);
})();
