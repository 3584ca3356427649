// Our own tiny main around github.com/yuin/gopher-lua, the Lua interpreter Argo CD embeds (main.go):
// the e2e tests run the README's Argo CD health check against a live VelaOcmHub.
module vela-ocm-hub-operator/tools/argocd-lua

go 1.25.0

require github.com/yuin/gopher-lua v1.1.2
