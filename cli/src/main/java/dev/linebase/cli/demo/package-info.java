/**
 * {@code linebase demo}: a deterministic generator of realistic JSON events ({@link
 * dev.linebase.cli.demo.EventGenerator}) and the demo's steps ({@link
 * dev.linebase.cli.demo.DemoSteps}), each a small {@link dev.linebase.cli.demo.DemoStep} that other
 * modules can add to.
 */
package dev.linebase.cli.demo;
