"""Named queries over the resolved model: the questions rules ask (producers and consumers, policy
statements, who reads a secret, physical names, manifest problems located on nodes).
"""
