// argocd-lua runs an Argo CD resource health check (a resource.customizations.health.* Lua script)
// the way Argo CD does: the object, read as JSON from stdin, becomes the Lua global `obj`; the script
// runs in gopher-lua (the interpreter Argo CD embeds) with the base, table, string and math
// libraries; the table it returns is the health. E.g.
//
//	kubectl get ocmhub hub -o json | argocd-lua health.lua
//
// Output: one JSON line {"status": "Healthy|Progressing|Degraded|Suspended|Missing|Unknown", "message": "..."}.
// A script error or a status Argo CD does not know exits non-zero: Argo CD would show Unknown, and a
// test should see that as a broken script, not as a state of the hub.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	lua "github.com/yuin/gopher-lua"
)

var knownStatuses = map[string]bool{
	"Healthy": true, "Progressing": true, "Degraded": true, "Suspended": true, "Missing": true, "Unknown": true,
}

func main() {
	if len(os.Args) != 2 {
		fail("usage: argocd-lua <health.lua> < object.json")
	}
	script, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("reading stdin: %v", err)
	}
	var obj map[string]interface{}
	if err := json.Unmarshal(raw, &obj); err != nil {
		fail("stdin is not one JSON object: %v", err)
	}

	state := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer state.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{{lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable}, {lua.StringLibName, lua.OpenString}, {lua.MathLibName, lua.OpenMath}} {
		state.Push(state.NewFunction(lib.open))
		state.Push(lua.LString(lib.name))
		state.Call(1, 0)
	}
	state.SetGlobal("obj", toLua(state, obj))
	if err := state.DoString(string(script)); err != nil {
		fail("the script failed: %v", err)
	}
	returned, ok := state.Get(-1).(*lua.LTable)
	if !ok {
		fail("the script returned %s, not a table", state.Get(-1).Type())
	}
	status := lua.LVAsString(returned.RawGetString("status"))
	if !knownStatuses[status] {
		fail("the script returned status %q, which Argo CD does not know", status)
	}
	out, _ := json.Marshal(map[string]string{"status": status, "message": lua.LVAsString(returned.RawGetString("message"))})
	fmt.Println(string(out))
}

// toLua converts decoded JSON into Lua values as Argo CD does: objects become tables keyed by
// string, arrays tables indexed from 1, numbers Lua numbers.
func toLua(state *lua.LState, value interface{}) lua.LValue {
	switch v := value.(type) {
	case map[string]interface{}:
		table := state.NewTable()
		for key, item := range v {
			table.RawSetString(key, toLua(state, item))
		}
		return table
	case []interface{}:
		table := state.NewTable()
		for i, item := range v {
			table.RawSetInt(i+1, toLua(state, item))
		}
		return table
	case string:
		return lua.LString(v)
	case float64:
		return lua.LNumber(v)
	case bool:
		return lua.LBool(v)
	default:
		return lua.LNil
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "argocd-lua: "+format+"\n", args...)
	os.Exit(2)
}
