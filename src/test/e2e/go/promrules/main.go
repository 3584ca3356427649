// promrules checks the rule groups of a PrometheusRule manifest (the prometheus-operator kind) with
// Prometheus' own rule-file parser and validator, model/rulefmt: what `promtool check rules` runs
// (YAML shape, PromQL of every expr, label and annotation templates, durations). On success it prints
// every metric name the expressions select, one per line, sorted, so a test can check that the
// operator exports each of them. E.g.
//
//	promrules deploy/monitoring/prometheusrule.yaml
//
// promtool itself is not built: its module's command pulls in the whole server (over ten minutes
// cold on two cores); this main compiles only the rule parser and what it imports.
package main

import (
	"fmt"
	"log/slog"
	"os"
	"sort"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
	"go.yaml.in/yaml/v3"
)

func main() {
	if len(os.Args) != 2 {
		fail("usage: promrules <prometheusrule.yaml>")
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	var manifest struct {
		Kind string                 `yaml:"kind"`
		Spec map[string]interface{} `yaml:"spec"`
	}
	if err := yaml.Unmarshal(raw, &manifest); err != nil {
		fail("%s: %v", os.Args[1], err)
	}
	if manifest.Kind != "PrometheusRule" || manifest.Spec == nil {
		fail("%s: not a PrometheusRule with a spec (kind %q)", os.Args[1], manifest.Kind)
	}
	spec, err := yaml.Marshal(manifest.Spec)
	if err != nil {
		fail("%v", err)
	}
	promql := parser.NewParser(parser.Options{})
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	groups, errs := rulefmt.Parse(spec, false, model.UTF8Validation, promql, logger)
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintf(os.Stderr, "promrules: %s: %v\n", os.Args[1], e)
		}
		os.Exit(1)
	}
	metrics := map[string]bool{}
	rules := 0
	for _, group := range groups.Groups {
		for _, rule := range group.Rules {
			rules++
			expr, err := promql.ParseExpr(rule.Expr)
			if err != nil {
				fail("%s: %v", os.Args[1], err)
			}
			parser.Inspect(expr, func(node parser.Node, _ []parser.Node) error {
				if selector, ok := node.(*parser.VectorSelector); ok && selector.Name != "" {
					metrics[selector.Name] = true
				}
				return nil
			})
		}
	}
	if rules == 0 {
		fail("%s: no rules", os.Args[1])
	}
	names := make([]string, 0, len(metrics))
	for name := range metrics {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Println(name)
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "promrules: "+format+"\n", args...)
	os.Exit(2)
}
