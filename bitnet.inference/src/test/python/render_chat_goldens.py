#!/usr/bin/env python3
"""Renders chat templates with Python's Jinja2 exactly as Hugging Face transformers' apply_chat_template does, and
writes templates, conversations and results to one JSON file that ChatTemplateGoldenTest reads.

The environment is transformers' (src/transformers/utils/chat_template_utils.py, _compile_jinja_template):
ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols]), the tojson filter
replaced by json.dumps(ensure_ascii=False, ...), raise_exception and strftime_now as globals. Render arguments as
apply_chat_template passes them: messages, tools=None, documents=None, add_generation_prompt, and the special tokens.
strftime_now reads a fixed clock so that the output is reproducible.

Usage (Jinja2 3.1 installed):
  python3 render_chat_goldens.py LLAMA3_TOKENIZER_CONFIG LLAMA3_BOS_TOKENIZER_CONFIG OUT_JSON
e.g. from the repository root:
  python3 bitnet.inference/src/test/python/render_chat_goldens.py \
      /work/shared/fixtures/tokenizers/models/llama3/tokenizer_config.json \
      /work/shared/fixtures/tokenizers/models/llama3-bos/tokenizer_config.json \
      bitnet.inference/src/test/resources/chat-templates/goldens.json
"""
import json
import sys
from datetime import datetime

import jinja2
import jinja2.ext
from jinja2.exceptions import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

NOW = datetime(2024, 7, 26, 10, 5, 9)
BOS = "<|begin_of_text|>"
EOS = "<|eot_id|>"

BITNET_2B4T = (
    "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = message['role'] | capitalize"
    " + ': '+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content"
    " %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ 'Assistant: ' }}{% endif %}"
)

# Mistral-instruct style: an optional system message taken off with a slice, strict alternation via raise_exception.
MISTRAL_STYLE = """{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content'] %}
    {%- set loop_messages = messages[1:] %}
{%- else %}
    {%- set loop_messages = messages %}
{%- endif %}

{{- bos_token }}
{%- for message in loop_messages %}
    {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}
        {{- raise_exception('After the optional system message, roles must alternate user/assistant/user/...') }}
    {%- endif %}
    {%- if message['role'] == 'user' %}
        {%- if loop.first and system_message is defined %}
            {{- ' [INST] ' + system_message + '\\n\\n' + message['content'] + ' [/INST]' }}
        {%- else %}
            {{- ' [INST] ' + message['content'] + ' [/INST]' }}
        {%- endif %}
    {%- elif message['role'] == 'assistant' %}
        {{- ' ' + message['content'] + eos_token }}
    {%- else %}
        {{- raise_exception('Only user and assistant roles are supported, after an optional system message!') }}
    {%- endif %}
{%- endfor %}
"""

# Relies on trim_blocks / lstrip_blocks for its layout (no whitespace control at all), loop.last and namespace().
CHATML_BLOCKS = """{% set ns = namespace(has_system=false) %}
{% for message in messages %}
    {% if message['role'] == 'system' %}
        {% set ns.has_system = true %}
    {% endif %}
{% endfor %}
{% if not ns.has_system %}
<|im_start|>system
You are a helpful assistant.<|im_end|>
{% endif %}
{% for message in messages %}
<|im_start|>{{ message['role'] }}
{{ message['content'] }}<|im_end|>
    {% if loop.last and not add_generation_prompt %}
<|endoftext|>
    {% endif %}
{% endfor %}
{% if add_generation_prompt %}
<|im_start|>assistant
{% endif %}
"""

# The rest of what templates lean on: tojson (transformers' json.dumps flavour), filters, tests, strftime_now,
# loop variables, negative indexes, tokens written without inner spaces.
FEATURES = """{{bos_token}}date: {{ strftime_now("%d %b %Y") }} / {{ strftime_now("%A %H:%M:%S %j %y %-d %B %I%p %m %%") }}
count: {{ messages | length }}{% if tools is none %} no-tools{% endif %}

{% for m in messages %}
{{ loop.index }}/{{ loop.length }} {{ m.role | upper }} {{ m['content'] | trim | tojson }}{{ ',' if not loop.last }}
{% endfor %}
all: {{ messages | tojson }}
indented: {{ messages[-1] | tojson(indent=2) }}
literal: {{ {'b': 1, 'a': [true, none, 1.5, 'é']} | tojson }}
sorted: {{ {'b': 1, 'a': 2} | tojson(sort_keys=true) }}
{% for m in messages %}{% if m.role == 'user' %}first user: {{ m.content | capitalize }}{% break %}{% endif %}{% endfor %}

{%- if add_generation_prompt %}

>>> {% endif -%}
"""

# Small templates for the whitespace rules (trim_blocks, lstrip_blocks, {%- -%}, {%+ %}, comments, raw) and for how
# values print, rendered with VARIABLES.
SNIPPETS = [
    "a {% if true %}b{% endif %}c",
    "a {% if true %}b{% endif %} c",
    "a\n  {% if true %}b{% endif %}\nc",
    "a\n  {%+ if true %}b{% endif %}\nc",
    "a\n\t {% if true %}\nb\n\t{% endif %}\nc",
    "a {{ x }} {% if true %} b {% endif %} c",
    "a   {%- if true %} b {% endif -%}   c",
    "a\n\n{%- if true %}\n\nb {% endif -%}\nc",
    "{% if true %}  \nb{% endif %}",
    "{% if true +%}\nkeeps the newline{% endif %}",
    "x {# c #} y\n  {# c #}\nz",
    "x {#- c -#} y\n{#- c #}\nz",
    "a\n  {{ x }}\n  {%- if true %}b{% endif %}",
    "{% for i in [1,2] %}\n  {{ i }}\n{% endfor %}\n",
    "{% set y = 1 %}\n  {% set z = 2 %}  \nq",
    "a  {% raw %} {{ x }} {% endraw %}  b",
    "{{- '  a  ' -}}  {{ x }}  {{- x }}",
    "windows\r\nline ends\r\n{% if true %}\r\nx{% endif %}\r\n",
    "trailing newline kept once\n\n",
    "{{ {'a': {'b': 1}} | tojson }}|{{ '%}' }}|{{ '}}' }}",
    "{{x}}{{x~'y'}}{%if x%}z{%endif%}",
    "{{ true }} {{ false }} {{ 1.5 }} {{ 3 / 2 }} {{ 10 // 3 }} {{ 7 % 3 }} {{ 2 ** 3 }} {{ 1e20 }} {{ 0.0001 }}",
    "{{ x ~ 1 }} {{ 'a' + 'b' }} {{ [1, 'a'] | length }} {{ x | length }} {{ 'abc'[1:] }}",
    "{{ '  both  ' | trim }}|{{ 'xxhixx' | trim('x') }}|{{ 'hELLO wORLD' | capitalize }}|{{ 'Ab' | upper }}{{ 'Ab' | lower }}",
    "{{ missing }}|{{ missing is defined }}|{{ x is defined }}|{{ x is string }}|{{ 3 is number }}",
    "{% for a, b in [[1, 2], [3, 4]] %}{{ a }}{{ b }}{{ ',' if not loop.last }}{% endfor %}",
    "{% for i in range(3) %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.first }}{{ loop.last }};{% endfor %}",
    "{% set ns = namespace(n=0) %}{% for i in range(4) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}",
    "{% macro greet(name) %}hi {{ name }}{% endmacro %}{{ greet('bob') }}",
    "{{ ['b', 'a'] | join(', ') }}|{{ [3, 1, 2] | sort | first }}|{{ missing | default('d') }}|{{ 'a,b' | replace(',', ';') }}",
    "{% for i in range(5) %}{% if i == 1 %}{% continue %}{% endif %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %}",
]
VARIABLES = {"x": "X"}

CONVERSATIONS = {
    "hello": [{"role": "user", "content": "Hello!"}],
    "system-multi-turn": [
        {"role": "system", "content": "You are BitNet, a 1.58-bit model."},
        {"role": "user", "content": "What is 2+2?"},
        {"role": "assistant", "content": "4"},
        {"role": "user", "content": "And 3+3?"},
    ],
    "whitespace-unicode": [
        {"role": "user", "content": "  \u00a0Grüße, 世界 😀 \t\n"},
        {"role": "assistant", "content": "\u3000Antwort\u2003\u0085"},
        {"role": "user", "content": "\u001fkeep the unit separator?\u2028"},
    ],
    "quoting": [
        {"role": "user", "content": "He said \"hi\" \\ <b>&amp;</b>\nnew line\ttab \u0001 end"},
    ],
    "role-case": [
        {"role": "SYSTEM", "content": "shouting roles"},
        {"role": "uSER", "content": "mixed case"},
        {"role": "assistant", "content": "ok"},
    ],
    "not-alternating": [
        {"role": "user", "content": "one"},
        {"role": "user", "content": "two"},
    ],
    "empty": [],
}

# Jinja2 raises UndefinedError for messages[0]['role'] on an empty list where Jinjava renders: not compared.
SKIP = {("mistral-style", "empty"), ("features", "empty")}


def environment():
    def raise_exception(message):
        raise TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(fmt):
        return NOW.strftime(fmt)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def main(llama3_config, llama3_bos_config, out_path):
    templates = {
        "bitnet-2b4t": BITNET_2B4T,
        "llama3": json.load(open(llama3_config, encoding="utf-8"))["chat_template"],
        "llama3-bos": json.load(open(llama3_bos_config, encoding="utf-8"))["chat_template"],
        "mistral-style": MISTRAL_STYLE,
        "chatml-blocks": CHATML_BLOCKS,
        "features": FEATURES,
    }
    env = environment()
    cases = []
    for name, source in templates.items():
        template = env.from_string(source)
        for conv_name, messages in CONVERSATIONS.items():
            if (name, conv_name) in SKIP:
                continue
            for add_generation_prompt in (False, True):
                case = {"template": name, "conversation": conv_name, "add_generation_prompt": add_generation_prompt}
                try:
                    case["rendered"] = template.render(messages=messages, tools=None, documents=None,
                                                       add_generation_prompt=add_generation_prompt,
                                                       bos_token=BOS, eos_token=EOS)
                except TemplateError as e:
                    if type(e) is not TemplateError:  # only raise_exception's errors are expected
                        raise
                    case["error"] = e.message
                cases.append(case)
    snippets = []
    for source in SNIPPETS:
        snippets.append({"template": source, "rendered": env.from_string(source).render(**VARIABLES)})
    out = {
        "generator": "render_chat_goldens.py, Jinja2 " + jinja2.__version__,
        "now": NOW.isoformat(),
        "bos_token": BOS,
        "eos_token": EOS,
        "templates": templates,
        "conversations": CONVERSATIONS,
        "cases": cases,
        "variables": VARIABLES,
        "snippets": snippets,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
