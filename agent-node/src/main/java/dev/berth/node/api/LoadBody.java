package dev.berth.node.api;

/** The body of {@code POST /v1/images/load}: {@code {path, name?}}. */
public record LoadBody(String path, String name) {}
