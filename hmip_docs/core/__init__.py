"""What every stage shares: the finding type, the data files shipped with the tool,
character classes, the patterns printed text must not match, the wording of messages, and the
worker pool. Nothing here imports another part of hmip_docs."""
